package io.kizuki.incident.health;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.ledger.Topics;

/**
 * Not ready until every topic the deciders read or write exists (deploy/production.md, "Topics"): the deciders start
 * at once and wait for a missing one themselves ({@code streams/TopicsAwaited}). Asks the broker at each probe until
 * it has found them all, then no more: a topic is not taken away from a running deployment.
 */
@Readiness
@ApplicationScoped
public class DecidersTopicsCheck implements HealthCheck {

    /** What the deciders' topology reads and writes (the streams package's tests hold the two together). */
    public static final List<String> TOPICS = List.of(
            Topics.SIGNALS,
            Topics.DETECTION_FEEDBACK,
            Topics.COMMANDS,
            Topics.SERVICE_COMMANDS,
            Topics.LEDGER,
            Topics.COMMAND_RESULTS,
            Topics.KNOWLEDGE,
            Topics.SILENCES,
            Topics.DEAD_LETTERS);

    private static final Duration ASK_FOR = Duration.ofSeconds(2);

    private final Supplier<Set<String>> existing;
    private Admin admin;
    private volatile boolean found;

    @Inject
    public DecidersTopicsCheck(KafkaSettings kafka) {
        this.existing = () -> names(kafka);
    }

    DecidersTopicsCheck(Supplier<Set<String>> existing) {
        this.existing = existing;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("deciders-topics");
        if (found) {
            return response.up().build();
        }
        Set<String> missing;
        try {
            missing = new LinkedHashSet<>(TOPICS);
            missing.removeAll(existing.get());
        } catch (RuntimeException e) {
            return response.down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
        if (!missing.isEmpty()) {
            return response.down()
                    .withData("missing_topics", String.join(",", missing))
                    .build();
        }
        found = true;
        close();
        return response.up().build();
    }

    private synchronized Set<String> names(KafkaSettings kafka) {
        if (admin == null) {
            admin = kafka.admin(ASK_FOR);
        }
        try {
            return admin.listTopics().names().get(ASK_FOR.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the topics: " + e, e);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
