package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.asViewer;
import static io.kizuki.system.StackClient.incidentsWithDedupKey;
import static io.kizuki.system.StackClient.openIncident;
import static io.kizuki.system.StackClient.postAlertmanager;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;
import io.restassured.path.json.JsonPath;

/** One alert through real Kafka, PostgreSQL, Keycloak and all three services. */
class WholeFlowIT {

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
    }

    @Test
    void samplePayloadPostedTwiceOpensOneIncidentThatIsPagedAcknowledgedAndResolved() {
        String payload = samplePayload();
        String dedupKey =
                postAlertmanager(payload).then().statusCode(202).extract().path("dedupKey");
        postAlertmanager(payload).then().statusCode(202).body("dedupKey", equalTo(dedupKey));

        String incidentId = await().atMost(PATIENCE)
                .until(() -> incidentsWithDedupKey(dedupKey), ids -> ids.size() == 1)
                .get(0);
        await().atMost(PATIENCE).until(() -> slackMentions(incidentId));
        JsonPath incident = asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incidentId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(incident.getString("status")).isEqualTo("TRIGGERED");
        assertThat(incident.getString("severity")).isEqualTo("SEV1");
        assertThat(incident.getList("alerts")).hasSize(1);

        // opened (1) and the alert (2) come first; notify-service's records of its pages may come between
        JsonPath acknowledged = asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/acknowledge")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"))
                .body("events[0].type", equalTo("kizuki.incident.acknowledged.v1"))
                .body("events[0].sequence", greaterThanOrEqualTo(3))
                .body("events[0].data.acknowledgedBy", equalTo("user:responder"))
                .extract()
                .jsonPath();
        assertThat(acknowledged.getInt("sequence")).isEqualTo(acknowledged.getInt("events[0].sequence"));
        await().atMost(PATIENCE).until(() -> statusInReport(incidentId).equals("ACKNOWLEDGED"));

        asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/acknowledge")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("currentStatus", equalTo("ACKNOWLEDGED"));

        asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/resolve")
                .then()
                .statusCode(200)
                .body("events[0].type", equalTo("kizuki.incident.resolved.v1"))
                .body("events[0].data.resolution", equalTo("manual"));
        await().atMost(PATIENCE).until(() -> statusInReport(incidentId).equals("RESOLVED"));

        assertThat(incidentsWithDedupKey(dedupKey)).containsExactly(incidentId);
    }

    @Test
    void resolvedAlertsResolveTheirIncidentAutomatically() {
        String groupKey = "{}:{auto=" + UUID.randomUUID() + "}";
        String firing = samplePayload().replace(SAMPLE_GROUP_KEY, groupKey);
        String dedupKey =
                postAlertmanager(firing).then().statusCode(202).extract().path("dedupKey");
        String incidentId = await().atMost(PATIENCE)
                .until(() -> incidentsWithDedupKey(dedupKey), ids -> ids.size() == 1)
                .get(0);

        postAlertmanager(firing.replace("\"firing\"", "\"resolved\"")).then().statusCode(202);

        await().atMost(PATIENCE).until(() -> statusInReport(incidentId).equals("RESOLVED"));
        asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incidentId)
                .then()
                .body("resolution", equalTo("auto"))
                .body("resolvedBy", equalTo("kizuki:detection"));
    }

    @Test
    void idempotencyKeyReturnsTheFirstOutcomeAgain() {
        String incidentId = openIncident("idem");
        String url = stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/acknowledge";

        String first = asResponder()
                .header("Idempotency-Key", "ack-1")
                .post(url)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String retry = asResponder()
                .header("Idempotency-Key", "ack-1")
                .post(url)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(retry).isEqualTo(first);
        asResponder().post(url).then().statusCode(409);
    }

    @Test
    void staleIfMatchIsRefusedWithPreconditionFailed() {
        String incidentId = openIncident("ifmatch");

        asResponder()
                .header("If-Match", "\"1\"")
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/acknowledge")
                .then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("currentSequence", greaterThanOrEqualTo(2));
    }

    @Test
    void malformedWebhookIsRefusedWithTheFieldAtFaultAndWritesNothing() {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> before = topics.signalEndOffsets();

            postAlertmanager("""
                    {"version":"4","groupKey":"g","alerts":[{"status":"burning","labels":{"alertname":"X"},
                     "startsAt":"2026-11-22T03:00:00Z"}]}
                    """)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors.field", hasItem("alerts[0].status"));
            postAlertmanager("{not json")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", startsWith("urn:kizuki:problem:"));
            assertThat(topics.signalEndOffsets()).isEqualTo(before);

            String marker = "{}:{marker=" + UUID.randomUUID() + "}";
            String markerKey = postAlertmanager(samplePayload().replace(SAMPLE_GROUP_KEY, marker))
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("dedupKey");
            List<ConsumerRecord<String, byte[]>> signals = topics.recordsSince(before, Topics.SIGNALS);
            assertThat(signals).extracting(ConsumerRecord::key).containsExactly(markerKey);
        }
    }

    @Test
    void commandsOnAnUnknownIncidentAnswerNotFound() {
        asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/inc-does-not-exist/resolve")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/inc-does-not-exist")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void signalsRecordTheIntegrationThatPushedThem() {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> before = topics.signalEndOffsets();
            String groupKey = "{}:{actor=" + UUID.randomUUID() + "}";

            postAlertmanager(samplePayload().replace(SAMPLE_GROUP_KEY, groupKey))
                    .then()
                    .statusCode(202);

            assertThat(topics.recordsSince(before, Topics.SIGNALS))
                    .extracting(record ->
                            new String(record.headers().lastHeader("ce_actor").value(), StandardCharsets.UTF_8))
                    .containsExactly("integration:shop-dev");
        }
    }

    private static String statusInReport(String incidentId) {
        return asViewer()
                .get(SharedStack.get().reportUrl() + "/api/v1/incidents/" + incidentId)
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    private static boolean slackMentions(String incidentId) {
        return given().get("http://localhost:" + SharedStack.get().ports().slack() + "/messages")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .contains(incidentId);
    }
}
