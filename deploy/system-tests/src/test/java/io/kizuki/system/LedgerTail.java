package io.kizuki.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.event.IncidentAcknowledged;

/** What the ledger gained since a test began: its end before, and an incident's events of a type after it. */
final class LedgerTail {

    private LedgerTail() {}

    static Map<TopicPartition, Long> end(LocalStack stack) {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            return topics.endOffsets(Topics.LEDGER);
        }
    }

    static List<ConsumerRecord<String, byte[]>> events(
            LocalStack stack, Map<TopicPartition, Long> from, String incident, String type) {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            return topics.recordsSince(from, Topics.LEDGER).stream()
                    .filter(record ->
                            incident.equals(record.key()) && type.equals(CloudEventHeaders.type(record.headers())))
                    .toList();
        }
    }

    /** Asserts that the incident was acknowledged once since {@code from}, by way of {@code via}. */
    static void acknowledgedOnceVia(LocalStack stack, Map<TopicPartition, Long> from, String incident, String via) {
        List<ConsumerRecord<String, byte[]>> acknowledged = events(stack, from, incident, IncidentAcknowledged.TYPE);
        assertThat(acknowledged).hasSize(1);
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.VIA)).isEqualTo(via);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
