package io.kizuki.incident.integration;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.quarkus.runtime.StartupEvent;

/**
 * Every integration, read in full from the compacted {@code kizuki.integrations.v1} by every instance and kept in
 * memory, indexed by key id. Ready once it has read up to the end offsets seen at start.
 */
@ApplicationScoped
public class IntegrationTable {

    private static final Logger LOG = Logger.getLogger(IntegrationTable.class);

    private final KafkaSettings settings;
    private final WireCodec codec = new WireCodec(Map.of(Integration.TYPE, Integration.class));
    private final Map<String, Integration> byId = new ConcurrentHashMap<>();
    private final Map<String, Integration> byKeyId = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ScheduledExecutorService loader = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kizuki-integration-table").factory());
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;

    public IntegrationTable(KafkaSettings settings) {
        this.settings = settings;
    }

    void start(@Observes StartupEvent startup) {
        loader.execute(this::run);
    }

    /** Completes once every integration written before start has been read. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
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

    /** Reads the topic until stopped; after a failure (broker down, topic missing) it starts over in 5 s. */
    private void run() {
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        if (running) {
            try (var kafka = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                List<TopicPartition> partitions =
                        kafka.partitionsFor(Topics.INTEGRATIONS, Duration.ofSeconds(30)).stream()
                                .map(p -> new TopicPartition(p.topic(), p.partition()))
                                .toList();
                if (partitions.isEmpty()) {
                    throw new IllegalStateException("topic " + Topics.INTEGRATIONS + " does not exist");
                }
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
                while (running) {
                    kafka.poll(Duration.ofMillis(500)).forEach(this::read);
                    if (!ready.isDone()
                            && end.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue())) {
                        LOG.infof("integration table loaded: %d integrations", byId.size());
                        ready.complete(null);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("reading %s failed, retrying in 5 s: %s", Topics.INTEGRATIONS, e.getMessage());
                loader.schedule(this::run, 5, TimeUnit.SECONDS);
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            codec.decode(CloudEventHeaders.read(record.headers(), record.value()))
                    .filter(Integration.class::isInstance)
                    .map(Integration.class::cast)
                    .ifPresent(this::apply);
        } catch (MalformedRecordException e) {
            LOG.warnf("skipping unreadable integration record %s: %s", record.key(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        loader.shutdown();
    }
}
