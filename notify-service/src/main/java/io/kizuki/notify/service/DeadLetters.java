package io.kizuki.notify.service;

import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.client.DeadLetterWriter;
import io.kizuki.ledger.client.RecordSender;
import io.kizuki.notify.config.KafkaSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Ledger records the pager cannot read or apply go to {@code kizuki.dead-letters.v1} with the ledger client's
 * dead-letter headers ({@code dead-letter-consumer: notify-service}), and are counted
 * ({@code kizuki_dead_letters_total{consumer="notify-service"}}); the pager goes on with the next record.
 */
@ApplicationScoped
public class DeadLetters {

    static final String CONSUMER = "notify-service";

    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetterWriter deadLetters;
    private final Counter counted;

    public DeadLetters(KafkaSettings kafka, MeterRegistry meters) {
        this.producer = new KafkaProducer<>(
                kafka.with(Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG, "kizuki-notify-dead-letters",
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(),
                new ByteArraySerializer());
        this.deadLetters = new DeadLetterWriter(RecordSender.of(producer));
        this.counted = Counter.builder("kizuki.dead.letters")
                .description("records sent to " + Topics.DEAD_LETTERS)
                .tag("consumer", CONSUMER)
                .register(meters);
    }

    /** Sends the record to the dead-letter topic; a failure to send is logged with the record's place. */
    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        counted.increment();
        deadLetters.send(record, CONSUMER, reason);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
