package io.kizuki.notify.service;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kizuki.notify.config.KafkaSettings;

/**
 * A small compacted topic of notify-service's own that every instance reads whole, from its beginning, and writes
 * string records to (with the producer {@link CompactedTopics} shares): what it read goes to {@code handler} (key,
 * value) on the reader's thread.
 */
final class CompactedTopic {

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final WholeTopicReader<String> reader;

    CompactedTopic(
            KafkaSettings kafka,
            KafkaProducer<String, String> producer,
            String clientId,
            String topic,
            BiConsumer<String, String> handler) {
        this.topic = topic;
        this.producer = producer;
        this.reader = new WholeTopicReader<>(
                kafka,
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId),
                topic,
                true,
                new StringDeserializer(),
                record -> {
                    if (record.key() != null) {
                        handler.accept(record.key(), record.value());
                    }
                });
        reader.start(clientId);
    }

    /** Whether everything written before it began reading is read. */
    boolean current() {
        return reader.current();
    }

    /** Writes a record; completes once the broker has it. */
    CompletableFuture<Void> write(String key, String value) {
        var done = new CompletableFuture<Void>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    /** Stops reading (the producer is {@link CompactedTopics}'s). */
    void close() {
        reader.stop();
    }
}
