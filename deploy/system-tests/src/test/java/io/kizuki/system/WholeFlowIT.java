package io.kizuki.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** One alert through real Kafka, PostgreSQL, Keycloak and all three services. */
class WholeFlowIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
    }

    @Test
    void samplePayloadPostedTwiceOpensOneIncidentThatIsPagedAcknowledgedAndResolved() {
        String payload = samplePayload();
        String dedupKey = postAlertmanager(payload).then().statusCode(202).extract().path("dedupKey");
        postAlertmanager(payload).then().statusCode(202).body("dedupKey", equalTo(dedupKey));

        String incidentId = await().atMost(PATIENCE).until(() -> incidentsWithDedupKey(dedupKey),
                ids -> ids.size() == 1).get(0);
        await().atMost(PATIENCE).until(() -> slackMentions(incidentId));
        JsonPath incident = given().get(stack.reportUrl() + "/api/v1/incidents/" + incidentId).then()
                .statusCode(200).extract().jsonPath();
        assertThat(incident.getString("status")).isEqualTo("TRIGGERED");
        assertThat(incident.getString("severity")).isEqualTo("SEV1");
        assertThat(incident.getList("alerts")).hasSize(1);

        given().post(stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/acknowledge").then()
                .statusCode(200)
                .header("ETag", "\"3\"")
                .body("status", equalTo("ACKNOWLEDGED"))
                .body("events[0].type", equalTo("kizuki.incident.acknowledged.v1"))
                .body("events[0].sequence", equalTo(3));
        await().atMost(PATIENCE).until(() -> statusInReport(incidentId).equals("ACKNOWLEDGED"));

        given().post(stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/acknowledge").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("currentStatus", equalTo("ACKNOWLEDGED"));

        given().post(stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/resolve").then()
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
        String dedupKey = postAlertmanager(firing).then().statusCode(202).extract().path("dedupKey");
        String incidentId = await().atMost(PATIENCE).until(() -> incidentsWithDedupKey(dedupKey),
                ids -> ids.size() == 1).get(0);

        postAlertmanager(firing.replace("\"firing\"", "\"resolved\"")).then().statusCode(202);

        await().atMost(PATIENCE).until(() -> statusInReport(incidentId).equals("RESOLVED"));
        given().get(stack.reportUrl() + "/api/v1/incidents/" + incidentId).then()
                .body("resolution", equalTo("auto"))
                .body("resolvedBy", equalTo("kizuki:detection"));
    }

    @Test
    void idempotencyKeyReturnsTheFirstOutcomeAgain() {
        String groupKey = "{}:{idem=" + UUID.randomUUID() + "}";
        String dedupKey = postAlertmanager(samplePayload().replace(SAMPLE_GROUP_KEY, groupKey)).then()
                .statusCode(202).extract().path("dedupKey");
        String incidentId = await().atMost(PATIENCE).until(() -> incidentsWithDedupKey(dedupKey),
                ids -> ids.size() == 1).get(0);
        String url = stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/acknowledge";

        String first = given().header("Idempotency-Key", "ack-1").post(url).then().statusCode(200)
                .extract().asString();
        String retry = given().header("Idempotency-Key", "ack-1").post(url).then().statusCode(200)
                .extract().asString();

        assertThat(retry).isEqualTo(first);
        given().post(url).then().statusCode(409);
    }

    @Test
    void staleIfMatchIsRefusedWithPreconditionFailed() {
        String groupKey = "{}:{ifmatch=" + UUID.randomUUID() + "}";
        String dedupKey = postAlertmanager(samplePayload().replace(SAMPLE_GROUP_KEY, groupKey)).then()
                .statusCode(202).extract().path("dedupKey");
        String incidentId = await().atMost(PATIENCE).until(() -> incidentsWithDedupKey(dedupKey),
                ids -> ids.size() == 1).get(0);

        given().header("If-Match", "\"1\"")
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incidentId + "/acknowledge").then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("currentSequence", equalTo(2));
    }

    @Test
    void malformedWebhookIsRefusedWithTheFieldAtFaultAndWritesNothing() {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> before = topics.endOffsets();

            postAlertmanager("""
                    {"version":"4","groupKey":"g","alerts":[{"status":"burning","labels":{"alertname":"X"},
                     "startsAt":"2026-11-22T03:00:00Z"}]}
                    """).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors.field", hasItem("alerts[0].status"));
            postAlertmanager("{not json").then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", startsWith("urn:kizuki:problem:"));
            assertThat(topics.endOffsets()).isEqualTo(before);

            String marker = "{}:{marker=" + UUID.randomUUID() + "}";
            String markerKey = postAlertmanager(samplePayload().replace(SAMPLE_GROUP_KEY, marker)).then()
                    .statusCode(202).extract().path("dedupKey");
            List<ConsumerRecord<String, byte[]>> signals = topics.recordsSince(before, Topics.SIGNALS);
            assertThat(signals).extracting(ConsumerRecord::key).containsExactly(markerKey);
        }
    }

    @Test
    void commandsOnAnUnknownIncidentAnswerNotFound() {
        given().post(stack.incidentUrl() + "/api/v1/incidents/inc-does-not-exist/resolve").then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get(stack.reportUrl() + "/api/v1/incidents/inc-does-not-exist").then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void keycloakServesTheKizukiRealmWithItsDevUsers() {
        given().contentType(ContentType.URLENC)
                .formParams(Map.of("grant_type", "password", "client_id", "kizuki-cli", "username", "responder",
                        "password", "responder"))
                .post(stack.keycloak().issuer() + "/protocol/openid-connect/token").then()
                .statusCode(200)
                .body("token_type", equalTo("Bearer"));
    }

    private static final String SAMPLE_GROUP_KEY =
            "{}/{severity=\\\"critical\\\"}:{alertname=\\\"CheckoutErrorRateHigh\\\", service=\\\"shop-checkout\\\"}";

    private static String samplePayload() {
        Path root = Path.of(System.getProperty("kizuki.project.root", "../.."));
        try {
            String payload = Files.readString(root.resolve("deploy/samples/alertmanager-firing.json"),
                    StandardCharsets.UTF_8);
            assertThat(payload).contains(SAMPLE_GROUP_KEY);
            return payload;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static io.restassured.response.Response postAlertmanager(String body) {
        return given().contentType(ContentType.JSON).body(body)
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager");
    }

    private static List<String> incidentsWithDedupKey(String dedupKey) {
        return given().queryParam("limit", 500).get(stack.reportUrl() + "/api/v1/incidents").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.dedupKey == '" + dedupKey + "' }.id", String.class);
    }

    private static String statusInReport(String incidentId) {
        return given().get(stack.reportUrl() + "/api/v1/incidents/" + incidentId).then().statusCode(200)
                .extract().path("status");
    }

    private static boolean slackMentions(String incidentId) {
        return given().get("http://localhost:" + stack.ports().slack() + "/messages").then().statusCode(200)
                .extract().asString().contains(incidentId);
    }
}
