package io.kizuki.ledger.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands a record to Kafka: a plain {@link Producer} ({@link #of}), or a service's messaging channel. The stage
 * completes once Kafka has the record, and fails when it could not take it.
 */
@FunctionalInterface
public interface RecordSender {

    CompletionStage<Void> send(ProducerRecord<String, byte[]> record);

    /** Sends with a Kafka producer. */
    static RecordSender of(Producer<String, byte[]> producer) {
        return record -> {
            var sent = new CompletableFuture<Void>();
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
            return sent;
        };
    }
}
