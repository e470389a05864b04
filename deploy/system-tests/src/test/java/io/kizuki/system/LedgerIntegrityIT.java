package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.LedgerChain;
import io.kizuki.ledger.LedgerCheckpoint;
import io.kizuki.ledger.LedgerVerifier;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.ChainCheck;
import io.kizuki.ledger.event.IncidentResolved;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A tamper-evident ledger: the chains the incident decider writes hold, through the API (the shared stack's ledger
 * also holds what other tests wrote straight to it, unchained: foreign and poisoned records, and the benchmark's
 * seeded incidents, chained as the deciders chain theirs); a copy of the topic with an event changed, removed or
 * moved is caught at that event, and one with a stream's last event removed at the checkpoint that covered it.
 */
class LedgerIntegrityIT {

    private static final WireCodec CODEC = new WireCodec();
    private static LocalStack stack;
    private static List<ConsumerRecord<String, byte[]>> events;

    @BeforeAll
    static void workAnIncident() {
        stack = SharedStack.get();
        var start = LedgerTail.end(stack);
        String incident = StackClient.openIncident("integrity");
        String url = stack.incidentUrl() + "/api/v1/incidents/" + incident;
        asResponder().post(url + "/acknowledge").then().statusCode(200);
        asResponder().post(url + "/resolve").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> !LedgerTail.events(stack, start, incident, IncidentResolved.TYPE)
                .isEmpty());
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            events = topics.recordsSince(start, Topics.LEDGER).stream()
                    .filter(record -> incident.equals(record.key()))
                    .toList();
        }
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void everyChainOfTheLedgerHoldsAsTheApiVerifiesIt() {
        verifiedByTheApi().body("chained", greaterThan(0));
        given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .queryParam("from", "yesterday")
                .get(stack.incidentUrl() + "/api/v1/admin/ledger/verify")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"));
        given().auth()
                .oauth2(Keycloak.userOfProduct("admin-payments", "admin", "payments"))
                .get(stack.incidentUrl() + "/api/v1/admin/ledger/verify")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void namesTheEventChangedRemovedOrMovedInACopyOfTheTopic() throws Exception {
        assertThat(verifyCopy(records -> records).holds()).isTrue();

        LedgerVerifier.Report modified = verifyCopy(records -> {
            var second = records.get(1);
            byte[] changed = Arrays.copyOf(second.value(), second.value().length + 1);
            changed[changed.length - 1] = ' ';
            records.set(
                    1,
                    new ProducerRecord<>(
                            second.topic(), 0, second.timestamp(), second.key(), changed, second.headers()));
            return records;
        });
        assertThat(modified.broken().offset()).isEqualTo(1);
        assertThat(modified.broken().reason()).startsWith("modified");

        LedgerVerifier.Report removed = verifyCopy(records -> {
            records.remove(1);
            return records;
        });
        assertThat(removed.broken().offset()).isEqualTo(1);
        assertThat(removed.broken().reason()).contains("removed");

        LedgerVerifier.Report moved = verifyCopy(records -> {
            Collections.swap(records, 1, 2);
            return records;
        });
        assertThat(moved.broken().offset()).isEqualTo(1);
        assertThat(moved.broken().reason()).contains("reordered");
        assertThat(moved.broken().eventId()).isNotNull();
    }

    /**
     * incident-service checkpoints each partition (here every 10 s, when an event arrives): the API counts them as
     * holding; a copy of the partition from the incident's first event up to a checkpoint that covers its last one, with
     * that event removed — the incident's chain whole, it only ends earlier — is caught at the checkpoint.
     */
    @Test
    void checkpointsOnTheLedgerHoldAndCatchAStreamsLastEventRemovedFromACopy() throws Exception {
        String incident = events.getFirst().key();
        int partition = events.getFirst().partition();
        long from = events.getFirst().offset();
        String url = stack.incidentUrl() + "/api/v1/incidents/" + incident;
        List<ConsumerRecord<String, byte[]>> copied = await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> {
                            asResponder()
                                    .contentType(ContentType.JSON)
                                    .body("{\"kind\":\"note\",\"text\":\"still watching\"}")
                                    .post(url + "/timeline")
                                    .then()
                                    .statusCode(200);
                            return upToACheckpointOfTheIncidentsLastEvent(partition, from, incident);
                        },
                        records -> !records.isEmpty());
        verifiedByTheApi().body("checkpoints", greaterThan(0));

        LedgerCheckpoint checkpoint = checkpoint(copied.getLast());
        assertThat(verifyPartitionCopy(partition, copied, null).holds()).isTrue();
        LedgerVerifier.Report removed = verifyPartitionCopy(partition, copied, lastOf(copied, incident));
        assertThat(removed.broken()).isNotNull();
        assertThat(removed.broken().stream()).isEqualTo(LedgerCheckpoint.subject(partition));
        assertThat(removed.broken().reason()).contains(checkpoint.lastEventId());
    }

    /** The whole ledger verified through the API, as an admin asks: nothing broken. */
    private static ValidatableResponse verifiedByTheApi() {
        return given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .get(stack.incidentUrl() + "/api/v1/admin/ledger/verify")
                .then()
                .statusCode(200)
                .body("broken", nullValue());
    }

    /**
     * The partition's records from an offset through the first checkpoint after it that covers the incident's last
     * event before it (and starts after an event of the copy, so that it can be checked there); none before there is
     * one.
     */
    private static List<ConsumerRecord<String, byte[]>> upToACheckpointOfTheIncidentsLastEvent(
            int partition, long from, String incident) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            for (ConsumerRecord<String, byte[]> record :
                    topics.recordsSince(Map.of(new TopicPartition(Topics.LEDGER, partition), from), Topics.LEDGER)) {
                records.add(record);
                if (!LedgerCheckpoint.TYPE.equals(CloudEventHeaders.type(record.headers()))) {
                    positions.put(LedgerChain.read(record.headers(), CloudEventHeaders.ID), records.size() - 1);
                    continue;
                }
                LedgerCheckpoint checkpoint = checkpoint(record);
                Integer after = checkpoint.afterEventId() == null ? null : positions.get(checkpoint.afterEventId());
                Integer last = positions.get(checkpoint.lastEventId());
                int lastOfIncident = lastOf(records, incident);
                if (after != null && last != null && lastOfIncident > after && lastOfIncident <= last) {
                    return records;
                }
            }
        }
        return List.of();
    }

    /** Where the incident's last event is among records, before the last record. */
    private static int lastOf(List<ConsumerRecord<String, byte[]>> records, String incident) {
        int last = -1;
        for (int i = 0; i < records.size() - 1; i++) {
            if (incident.equals(records.get(i).key())) {
                last = i;
            }
        }
        return last;
    }

    private static LedgerCheckpoint checkpoint(ConsumerRecord<String, byte[]> record) {
        return CODEC.decode(CloudEventHeaders.read(record.headers(), record.value()))
                .map(LedgerCheckpoint.class::cast)
                .orElseThrow();
    }

    /** Writes records to the same partition of a new topic, leaving one out (or none), and verifies it. */
    private static LedgerVerifier.Report verifyPartitionCopy(
            int partition, List<ConsumerRecord<String, byte[]>> records, Integer leftOut)
            throws ExecutionException, InterruptedException {
        List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>(records);
        if (leftOut != null) {
            kept.remove((int) leftOut);
        }
        return verifyRecords(
                partition + 1,
                kept.stream()
                        .map(record -> new ProducerRecord<>(
                                "", partition, record.timestamp(), record.key(), record.value(), record.headers()))
                        .toList());
    }

    /** Writes the incident's events, changed as asked, to a new topic of one partition and verifies it. */
    private static LedgerVerifier.Report verifyCopy(UnaryOperator<List<ProducerRecord<String, byte[]>>> change)
            throws ExecutionException, InterruptedException {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> event : events) {
            records.add(new ProducerRecord<>("", 0, event.timestamp(), event.key(), event.value(), event.headers()));
        }
        return verifyRecords(1, change.apply(records));
    }

    /** Writes records (their partitions kept) to a new topic of so many partitions and verifies it. */
    private static LedgerVerifier.Report verifyRecords(int partitions, List<ProducerRecord<String, byte[]>> records)
            throws ExecutionException, InterruptedException {
        String topic = "kizuki-ledger-copy-" + UUID.randomUUID();
        Map<String, Object> kafka = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        }
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(new ProducerRecord<>(
                                topic,
                                record.partition(),
                                record.timestamp(),
                                record.key(),
                                record.value(),
                                record.headers()))
                        .get();
            }
        }
        return ChainCheck.verify(kafka, topic, null, null);
    }
}
