package io.kizuki.ledger.client;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.kizuki.ledger.LedgerVerifier;

/**
 * Verifies the hash chains of a ledger topic as Kafka holds it ({@link LedgerVerifier}), read with a consumer of its
 * own (no group, nothing written), every partition in offset order, from its beginning or from a time, to its end or
 * a time; stops at the first break. What {@code GET /api/v1/admin/ledger/verify} and {@code deploy/local/verify-ledger}
 * run.
 */
public final class ChainCheck {

    private ChainCheck() {}

    /**
     * @param settings Kafka client settings (bootstrap servers, security)
     * @param from     the first record time to verify, or {@code null}: the beginning
     * @param until    the last record time, or {@code null}: the end now
     */
    public static LedgerVerifier.Report verify(
            Map<String, Object> settings, String topic, Instant from, Instant until) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kizuki-ledger-verify");
        LedgerVerifier verifier = new LedgerVerifier();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicWindow window = TopicWindow.of(
                    consumer, topic, from == null ? Instant.EPOCH : from, until == null ? Instant.now() : until);
            boolean holding = true;
            while (holding && !window.finished(consumer)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (window.holds(new TopicPartition(record.topic(), record.partition()), record.offset())
                            && !verifier.accept(
                                    record.partition(), record.offset(), record.headers(), record.value())) {
                        holding = false;
                        break;
                    }
                }
            }
        }
        return verifier.report();
    }
}
