package io.kizuki.notify.service;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.kizuki.ledger.Topics;
import io.kizuki.notify.config.KafkaSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Ledger records the pager cannot read or apply go to {@code kizuki.dead-letters.v1} with the reason and where they
 * were ({@code dead-letter-*} headers, as report-service writes them), and are counted
 * ({@code kizuki_dead_letters_total{consumer="notify-service"}}); the pager goes on with the next record.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final String CONSUMER = "notify-service";

    private final KafkaProducer<String, byte[]> producer;
    private final Counter counted;

    public DeadLetters(KafkaSettings kafka, MeterRegistry meters) {
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "kizuki-notify-dead-letters",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(), new ByteArraySerializer());
        this.counted = Counter.builder("kizuki.dead.letters").description("records sent to " + Topics.DEAD_LETTERS)
                .tag("consumer", CONSUMER).register(meters);
    }

    /** Sends the record to the dead-letter topic; a failure to send is logged with the record's place. */
    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.errorf("dead-lettering ledger record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                reason);
        counted.increment();
        var headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-consumer", CONSUMER.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(),
                record.value() == null ? new byte[0] : record.value(), headers), (metadata, failure) -> {
                    if (failure != null) {
                        LOG.errorf("could not dead-letter ledger record %s-%d@%d: %s", record.topic(),
                                record.partition(), record.offset(), failure.getMessage());
                    }
                });
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
