package io.kizuki.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.StatusChanged;

/** Reads the ledger from the start to find incidents a load may act on. */
final class LedgerScan {

    private LedgerScan() {}

    /**
     * Up to {@code limit} incidents that are open and not yet acknowledged, oldest first (alerts, pages and
     * escalations leave an incident unacknowledged).
     */
    static List<String> unacknowledged(String bootstrapServers, long limit) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        var codec = new WireCodec();
        Set<String> open = new LinkedHashSet<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    codec.decode(CloudEventHeaders.read(record.headers(), record.value()))
                            .ifPresent(event -> {
                                if (event instanceof IncidentOpened opened) {
                                    open.add(opened.incidentId());
                                } else if (event instanceof IncidentAcknowledged
                                        || event instanceof StatusChanged
                                        || event instanceof IncidentResolved
                                        || event instanceof IncidentClosed) {
                                    open.remove(record.key());
                                }
                            });
                }
            }
        }
        List<String> ids = new ArrayList<>(open);
        return ids.subList(0, (int) Math.min(limit, ids.size()));
    }
}
