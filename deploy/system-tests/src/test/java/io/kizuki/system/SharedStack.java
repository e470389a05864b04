package io.kizuki.system;

import java.nio.file.Path;

import io.kizuki.embedded.LocalStack;

/**
 * One real stack (Kafka, PostgreSQL, Keycloak, Slack stand-in, the three packaged services) per test JVM, on free
 * ports, started by the first test that asks and stopped when the JVM exits.
 */
final class SharedStack {

    private static LocalStack stack;

    private SharedStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path root = Path.of(System.getProperty("kizuki.project.root", "../..")).toAbsolutePath().normalize();
            stack = LocalStack.start(root, LocalStack.Ports.random(),
                    root.resolve("deploy/system-tests/target/stack"));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-shared-stack"));
        }
        return stack;
    }
}
