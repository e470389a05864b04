package io.kizuki.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kizuki.ledger.Topics;

/** Reads Kizuki's topics directly, as a test needs to. */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    TopicReader(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The end offsets of {@code kizuki.signals.v1}. Only the ingestion API writes it, and only before it answers, so
     * after a refused request they must be unchanged; everything downstream derives from signals. (The deciders'
     * topics are written asynchronously, in transactions, so their end offsets move on after a test's last answer.)
     */
    Map<TopicPartition, Long> signalEndOffsets() {
        return consumer.endOffsets(consumer.partitionsFor(Topics.SIGNALS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList());
    }

    /** The end offsets of a topic. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList());
    }

    /** Starts reading a topic from the given offsets; {@link #poll} then hands out what arrived since. */
    void follow(Map<TopicPartition, Long> from) {
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
    }

    /** The records of the followed topic that arrived since the last call (waits at most a moment for them). */
    List<ConsumerRecord<String, byte[]>> poll() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        return records;
    }

    /** Every record of a topic written after the given offsets. */
    List<ConsumerRecord<String, byte[]>> recordsSince(Map<TopicPartition, Long> from, String topic) {
        Map<TopicPartition, Long> start = from.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        consumer.assign(start.keySet());
        start.forEach(consumer::seek);
        Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        while (start.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
