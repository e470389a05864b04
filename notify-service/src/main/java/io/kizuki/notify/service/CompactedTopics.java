package io.kizuki.notify.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.kizuki.notify.config.KafkaSettings;

/**
 * notify-service's small compacted topics (page numbers, hand-offs told, contact checks, the on-call configuration):
 * one reader each, one producer for them all. The producer is made on a thread of its own, so that the start does not
 * wait for it; a write waits for it.
 */
@ApplicationScoped
public class CompactedTopics {

    private static final Logger LOG = Logger.getLogger(CompactedTopics.class);

    private final KafkaSettings kafka;
    private final CompletableFuture<KafkaProducer<String, String>> producer;

    public CompactedTopics(KafkaSettings kafka) {
        this.kafka = kafka;
        this.producer = CompletableFuture.supplyAsync(
                () -> new KafkaProducer<>(
                        kafka.with(Map.of(
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "kizuki-notify-compacted",
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true)),
                        new StringSerializer(),
                        new StringSerializer()),
                task -> Thread.ofPlatform()
                        .name("kizuki-notify-compacted-producer")
                        .start(task));
        producer.exceptionally(failure -> {
            LOG.errorf(failure, "cannot make the producer of the compacted topics: their writes fail");
            return null;
        });
    }

    /** The shared producer, once made. */
    KafkaProducer<String, String> producer() {
        try {
            return producer.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the compacted topics' producer could not be made", e.getCause());
        }
    }

    /** Starts reading {@code topic} whole (its records to {@code handler}); its writes go through the shared producer. */
    CompactedTopic open(String clientId, String topic, BiConsumer<String, String> handler) {
        return new CompactedTopic(kafka, this::producer, clientId, topic, handler);
    }

    @PreDestroy
    void close() {
        producer.thenAccept(made -> made.close(Duration.ofSeconds(5)))
                .exceptionally(failure -> null)
                .join();
    }
}
