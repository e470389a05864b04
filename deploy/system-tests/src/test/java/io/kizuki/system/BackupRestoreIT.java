package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LedgerBackup;
import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Moving an instance: the shared stack, quiesced (notify-service stopped, the deciders stopped once they have read
 * everything), is backed up; the backup is restored into a new stack of its own (new directory, new ports), where
 * every read model reaches the source's digests, and the deciders go on from where they were: the same integration
 * takes alerts, an alert of an open incident's group attaches to it, the incident's sequence goes on.
 */
class BackupRestoreIT {

    private static final Path ROOT = Path.of(System.getProperty("kizuki.project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final List<String> MODELS =
            List.of("changes", "incidents", "learning", "metrics", "oncall", "timeline");

    @Test
    void aBackupRestoredIntoAnEmptyStackHasTheSameReadModelsAndItsDecidersGoOn() throws Exception {
        LocalStack source = SharedStack.get();
        String label = UUID.randomUUID().toString();
        String admin = Keycloak.devUser(source, "admin");
        String routingKey = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "moved", "product", "shop"))
                .post(source.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .extract()
                .path("routingKey");
        String dedupKey = alert(source, routingKey, label, 1);
        String viewer = Keycloak.devUser(source, "viewer");
        String incident = await().atMost(PATIENCE)
                .until(() -> incidents(source.reportUrl(), viewer, label, dedupKey), ids -> ids.size() == 1)
                .getFirst();
        String responder = Keycloak.devUser(source, "responder");
        given().auth()
                .oauth2(responder)
                .contentType(ContentType.JSON)
                .body("{\"kind\":\"note\",\"text\":\"before the move\"}")
                .post(source.incidentUrl() + "/api/v1/incidents/" + incident + "/timeline")
                .then()
                .statusCode(200);

        Path backup = ROOT.resolve("deploy/system-tests/target/backup/kizuki.backup.jsonl.gz");
        Files.deleteIfExists(backup);
        Map<String, Map<String, Object>> before;
        LedgerBackup.Summary written;
        String timeline;
        String etag;
        // quiesce: nothing may write commands, and the deciders must have decided everything before they stop
        source.stop("notify-service");
        try {
            await().atMost(PATIENCE).until(() -> undecided(source.kafkaBootstrapServers()) == 0);
            source.stop("incident-service");
            // stopped, not killed: its deciders left their group (a static member stays unless it leaves), so the
            // backup need not wait for their session to time out
            assertThat(StackClient.groupMembers(source, "kizuki-incident-service"))
                    .isEmpty();
            Map<Integer, Long> last = lastLedgerOffsets(source.kafkaBootstrapServers());
            before = await().atMost(PATIENCE)
                    .until(() -> digests(source.reportUrl(), admin), digests -> digests.values().stream()
                            .allMatch(digest -> appliedUpTo(digest, last)));
            timeline = given().auth()
                    .oauth2(viewer)
                    .get(source.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            etag = given().auth()
                    .oauth2(viewer)
                    .get(source.reportUrl() + "/api/v1/incidents/" + incident)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("sequence")
                    .toString();
            written = LedgerBackup.of(source.kafkaBootstrapServers()).backup(backup);
        } finally {
            source.start("incident-service");
            source.start("notify-service");
        }
        assertThat(written.records().get(Topics.LEDGER)).isPositive();
        assertThat(written.records().get(Topics.SIGNALS)).isPositive();
        assertThat(written.records().get(Topics.INTEGRATIONS)).isPositive();
        assertThat(written.records())
                .as("the deciders' state")
                .containsKey(LedgerBackup.DECIDERS + "-incident-state-changelog");
        assertThat(written.records().get(Topics.COMMANDS))
                .as("commands not yet decided")
                .isZero();
        assertThat(written.records().get(Topics.SERVICE_COMMANDS))
                .as("services' commands not yet decided")
                .isZero();

        // the new stack with report-service alone while the read models are compared: the deciders would move the
        // ledger on past the source's as soon as a timer of the restored state came due (a heartbeat going silent);
        // and never notify-service, which would page and escalate the restored incidents
        Path data = ROOT.resolve("deploy/system-tests/target/restored-stack");
        try (LocalStack restored =
                LocalStack.start(ROOT, LocalStack.Ports.random(), data, true, backup, List.of("report-service"))) {
            String restoredAdmin = Keycloak.devUser(restored, "admin");
            Map<Integer, Long> restoredLast = lastLedgerOffsets(restored.kafkaBootstrapServers());
            Map<String, Map<String, Object>> after = await().atMost(PATIENCE)
                    .until(() -> digests(restored.reportUrl(), restoredAdmin), digests -> digests.values().stream()
                            .allMatch(digest -> appliedUpTo(digest, restoredLast)));
            for (String model : MODELS) {
                assertThat(comparable(after.get(model))).as(model).isEqualTo(comparable(before.get(model)));
            }
            String restoredViewer = Keycloak.devUser(restored, "viewer");
            List<Map<String, Object>> entries = given().auth()
                    .oauth2(restoredViewer)
                    .get(restored.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("");
            assertThat(entries).isEqualTo(JsonPath.from(timeline).getList(""));
            restored.startInstance("incident-service");

            // the integration and its routing key, and the detection state: another alert of the group attaches to
            // the same incident; no restored signal was detected again
            alert(restored, routingKey, label, 2);
            await().atMost(PATIENCE)
                    .until(() -> given().auth()
                                    .oauth2(restoredViewer)
                                    .get(restored.reportUrl() + "/api/v1/incidents/" + incident)
                                    .then()
                                    .extract()
                                    .jsonPath()
                                    .getInt("alertCount")
                            == 2);
            assertThat(incidents(restored.reportUrl(), restoredViewer, label, dedupKey))
                    .containsExactly(incident);
            // the incident's state: it knows the source's sequence as stale now (the attached alert came after it),
            // and takes the current one
            String restoredResponder = Keycloak.devUser(restored, "responder");
            String acknowledge = restored.incidentUrl() + "/api/v1/incidents/" + incident + "/acknowledge";
            given().auth()
                    .oauth2(restoredResponder)
                    .header("If-Match", "\"" + etag + "\"")
                    .post(acknowledge)
                    .then()
                    .statusCode(412);
            long current = given().auth()
                    .oauth2(restoredViewer)
                    .get(restored.reportUrl() + "/api/v1/incidents/" + incident)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getLong("sequence");
            assertThat(current).isGreaterThan(Long.parseLong(etag));
            given().auth()
                    .oauth2(restoredResponder)
                    .header("If-Match", "\"" + current + "\"")
                    .post(acknowledge)
                    .then()
                    .statusCode(200)
                    .body("events[0].type", equalTo("kizuki.incident.acknowledged.v1"));
        }
    }

    private static String alert(LocalStack stack, String routingKey, String label, int instance) {
        String payload = samplePayload()
                .replace(SAMPLE_GROUP_KEY, "{}:{moved=" + label + "}")
                .replace("Checkout error rate above 5% for 5 minutes", "Moved " + label)
                .replace("c0ffee0000000001", "c0ffee000000000" + instance)
                .replace("checkout-7d9f-1", "checkout-7d9f-" + instance);
        return given().auth()
                .oauth2(routingKey)
                .contentType(ContentType.JSON)
                .body(payload)
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(202)
                .extract()
                .path("dedupKey");
    }

    private static List<String> incidents(String reportUrl, String viewer, String label, String dedupKey) {
        return given().auth()
                .oauth2(viewer)
                .queryParam("q", label)
                .queryParam("limit", 500)
                .get(reportUrl + "/api/v1/incidents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.dedupKey == '" + dedupKey + "' }.id", String.class);
    }

    private static Map<String, Map<String, Object>> digests(String reportUrl, String admin) {
        Map<String, Map<String, Object>> digests = new TreeMap<>();
        for (String model : MODELS) {
            digests.put(
                    model,
                    given().auth()
                            .oauth2(admin)
                            .get(reportUrl + "/api/v1/admin/read-models/" + model + "/digest")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getMap(""));
        }
        return digests;
    }

    /** What of a digest must be the same in a restored copy: not the checkpoints, offsets differ there. */
    private static Map<String, Object> comparable(Map<String, Object> digest) {
        return Map.of("digest", digest.get("digest"), "rows", digest.get("rows"));
    }

    /** Whether a read model's checkpoints are at the last record of every ledger partition. */
    private static boolean appliedUpTo(Map<String, Object> digest, Map<Integer, Long> last) {
        @SuppressWarnings("unchecked")
        Map<String, Object> checkpoints = (Map<String, Object>) digest.get("checkpoints");
        return last.entrySet().stream().allMatch(partition -> {
            Object applied = checkpoints.get(Integer.toString(partition.getKey()));
            return applied != null && ((Number) applied).longValue() >= partition.getValue();
        });
    }

    /** The offset of the last committed record of each ledger partition that has one. */
    private static Map<Integer, Long> lastLedgerOffsets(String bootstrapServers) {
        Map<Integer, Long> last = new HashMap<>();
        try (var consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER).stream()
                    .map(info -> new TopicPartition(Topics.LEDGER, info.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                consumer.seek(partition, Math.max(0, end - 20));
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(record -> last.merge(record.partition(), record.offset(), Math::max));
            }
        }
        return last;
    }

    /** How many records of the deciders' inputs lie after the offsets their consumer group committed. */
    private static long undecided(String bootstrapServers) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            committed = admin.listConsumerGroupOffsets(LedgerBackup.DECIDERS)
                    .partitionsToOffsetAndMetadata()
                    .get();
        }
        long undecided = 0;
        try (var consumer = consumer(bootstrapServers)) {
            for (String topic :
                    List.of(Topics.SIGNALS, Topics.COMMANDS, Topics.SERVICE_COMMANDS, Topics.DETECTION_FEEDBACK)) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
                consumer.assign(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata offset = committed.get(partition);
                    consumer.seek(partition, offset == null ? 0 : offset.offset());
                }
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    undecided += consumer.poll(Duration.ofMillis(200)).count();
                }
            }
        }
        return undecided;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
