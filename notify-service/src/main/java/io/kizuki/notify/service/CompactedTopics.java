package io.kizuki.notify.service;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import io.kizuki.notify.config.KafkaSettings;

/**
 * notify-service's small compacted topics (page numbers, hand-offs told, contact checks, the on-call configuration):
 * one reader each, one producer for them all.
 */
@ApplicationScoped
public class CompactedTopics {

    private final KafkaSettings kafka;
    private final KafkaProducer<String, String> producer;

    public CompactedTopics(KafkaSettings kafka) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(
                kafka.with(Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "kizuki-notify-compacted",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true)),
                new StringSerializer(),
                new StringSerializer());
    }

    /** Starts reading {@code topic} whole (its records to {@code handler}); its writes go through the shared producer. */
    CompactedTopic open(String clientId, String topic, BiConsumer<String, String> handler) {
        return new CompactedTopic(kafka, producer, clientId, topic, handler);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
