package io.kizuki.system;

import java.nio.file.Path;

import io.kizuki.embedded.LocalStack;

/**
 * One real stack (Kafka, PostgreSQL, Keycloak, Slack stand-in, the three packaged services) per test JVM, on free
 * ports, started by the first test that asks and stopped when the JVM exits.
 */
final class SharedStack {

    private static LocalStack stack;
    private static RuntimeException failure;

    private SharedStack() {}

    /** The stack; if it could not start, every later caller gets the same failure at once. */
    static synchronized LocalStack get() {
        if (failure != null) {
            throw failure;
        }
        if (stack == null) {
            Path root = Path.of(System.getProperty("kizuki.project.root", "../.."))
                    .toAbsolutePath()
                    .normalize();
            try {
                stack = LocalStack.start(
                        root, LocalStack.Ports.random(), root.resolve("deploy/system-tests/target/stack"));
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-shared-stack"));
        }
        return stack;
    }
}
