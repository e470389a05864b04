package io.kizuki.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.embedded.LocalStack;

/**
 * The stack the harness measures, as it sees it: where each part answers, the services' processes and logs, and
 * what the Slack stand-in received. {@code deploy/bench/run} measures a {@link StackProcess} (the stack
 * {@code deploy/local/up} runs, in a process of its own); {@code BenchmarkSmokeIT} the system tests' shared stack.
 */
public interface BenchStack {

    String incidentUrl();

    String reportUrl();

    String notifyUrl();

    String kafkaBootstrapServers();

    /** Keycloak's realm URL. */
    String keycloakIssuer();

    /** What the Slack stand-in accepted so far, in order: {@code receivedAt}, {@code webhook}, {@code payload}. */
    List<ObjectNode> slackMessages();

    /** Each service's process id ({@code incident-service} …). */
    Map<String, Long> servicePids();

    /** Where each service's log ({@code incident-service.log} …) is. */
    Path logs();

    /**
     * Kills a service ({@code incident-service} …) as {@code kill -9} would and has it started again; returns once it
     * is ready (notify-service: its ledger partitions read, it pages again), with how long that took.
     */
    Restart killAndRestart(String service);

    /**
     * A service killed and started again: the time from the kill until it answered ready, and from its new process's
     * start (the JVM launched) until then.
     */
    record Restart(Duration fromKill, Duration fromProcessStart) {}

    /** A stack running in this JVM. */
    static BenchStack of(LocalStack stack) {
        return new BenchStack() {
            @Override
            public String incidentUrl() {
                return stack.incidentUrl();
            }

            @Override
            public String reportUrl() {
                return stack.reportUrl();
            }

            @Override
            public String notifyUrl() {
                return stack.notifyUrl();
            }

            @Override
            public String kafkaBootstrapServers() {
                return stack.kafkaBootstrapServers();
            }

            @Override
            public String keycloakIssuer() {
                return stack.keycloak().issuer();
            }

            @Override
            public List<ObjectNode> slackMessages() {
                return stack.slack().messages();
            }

            @Override
            public Map<String, Long> servicePids() {
                return stack.servicePids();
            }

            @Override
            public Path logs() {
                return stack.logs();
            }

            @Override
            public Restart killAndRestart(String service) {
                long killed = System.nanoTime();
                stack.killAndRestart(service);
                Duration fromKill = Duration.ofNanos(System.nanoTime() - killed);
                return new Restart(
                        fromKill, Tools.processAge(stack.servicePids().get(service)));
            }
        };
    }
}
