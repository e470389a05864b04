package io.kizuki.incident.integration;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.incident.kafka.WholeTopicTable;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.quarkus.runtime.StartupEvent;

/**
 * Every integration, read in full from the compacted {@code kizuki.integrations.v1} by every instance and kept in
 * memory, indexed by key id. Ready once it has read up to the end offsets seen at start.
 */
@ApplicationScoped
public class IntegrationTable {

    private final Map<String, Integration> byId = new ConcurrentHashMap<>();
    private final Map<String, Integration> byKeyId = new ConcurrentHashMap<>();
    private final WholeTopicTable topic;

    public IntegrationTable(KafkaSettings settings) {
        this.topic = new WholeTopicTable(
                settings, Topics.INTEGRATIONS, new WireCodec(Map.of(Integration.TYPE, Integration.class)), value -> {
                    if (value instanceof Integration integration) {
                        apply(integration);
                    }
                });
    }

    void start(@Observes StartupEvent startup) {
        topic.start();
    }

    /** Completes once every integration written before start has been read. */
    public CompletableFuture<Void> ready() {
        return topic.ready();
    }

    public boolean isReady() {
        return topic.isReady();
    }

    /** The active integration whose key has this id. */
    /**
     * The active integration whose key this is, or empty: for anything a sender may put where a key goes (any
     * length, any characters), compared in constant time.
     */
    public Optional<Integration> byRoutingKey(String routingKey) {
        if (!RoutingKeys.looksLikeKey(routingKey)) {
            return Optional.empty();
        }
        Integration integration = Optional.ofNullable(byKeyId.get(RoutingKeys.keyId(routingKey)))
                .filter(i -> i.status() == Integration.Status.ACTIVE)
                .orElse(null);
        return RoutingKeys.matches(integration, routingKey) ? Optional.of(integration) : Optional.empty();
    }

    public Optional<Integration> byId(String integrationId) {
        return Optional.ofNullable(byId.get(integrationId));
    }

    public Collection<Integration> all() {
        return List.copyOf(byId.values());
    }

    /** Applies a state: from the topic, or right after this instance wrote it (read-your-writes). */
    public synchronized void apply(Integration integration) {
        Integration previous = byId.put(integration.integrationId(), integration);
        if (previous != null) {
            byKeyId.remove(previous.keyId(), previous);
        }
        if (integration.status() == Integration.Status.ACTIVE) {
            byKeyId.put(integration.keyId(), integration);
        }
    }

    @PreDestroy
    void stop() {
        topic.stop();
    }
}
