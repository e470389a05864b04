package io.kizuki.system;

import java.nio.file.Path;
import java.util.Map;

import io.kizuki.embedded.LocalStack;

/**
 * One real stack (Kafka, PostgreSQL, Keycloak, Slack stand-in, the three packaged services) per test JVM, on free
 * ports, started by the first test that asks and stopped when the JVM exits.
 */
final class SharedStack {

    private static LocalStack stack;
    private static OtlpReceiver traces;
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
            observe(traces = OtlpReceiver.start());
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

    /** Where the stack's services send their spans. */
    static synchronized OtlpReceiver traces() {
        get();
        return traces;
    }

    /**
     * Has every service this JVM starts trace to the receiver: only the traces a caller began and sampled (a request
     * with a sampled {@code traceparent}, as a traced caller sends), so that the other tests' load records none. Each
     * also writes its log as JSON lines to {@code logs/<service>.json} (its text log stays as it was).
     */
    private static void observe(OtlpReceiver receiver) {
        Map.of(
                        "quarkus.log.file.enabled", "true",
                        "quarkus.log.file.path", "logs/${quarkus.application.name}.json",
                        "quarkus.log.file.json.enabled", "true",
                        "quarkus.otel.sdk.disabled", "false",
                        "quarkus.otel.exporter.otlp.traces.endpoint", receiver.endpoint(),
                        "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                        "quarkus.otel.traces.sampler.arg", "0",
                        "quarkus.otel.bsp.schedule.delay", "200ms")
                .forEach((key, value) -> System.setProperty(LocalStack.SERVICE_PROPERTY_PREFIX + key, value));
    }
}
