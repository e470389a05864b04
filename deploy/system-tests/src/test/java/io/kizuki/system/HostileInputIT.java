package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.asViewer;
import static io.kizuki.system.StackClient.incidentsWithDedupKey;
import static io.kizuki.system.StackClient.postAlertmanager;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;
import io.restassured.http.ContentType;

/** Input an attacker or a broken sender would send: answered clearly, never a 500, never a stuck read model. */
class HostileInputIT {

    private static LocalStack stack;

    @BeforeAll
    static void setUp() {
        stack = SharedStack.get();
    }

    @Test
    void anAlertWithControlCharactersIsTakenCleanedAndReachesTheReadModels() {
        String groupKey = "{}:{nul=" + UUID.randomUUID() + "}";
        String payload = samplePayload()
                .replace(SAMPLE_GROUP_KEY, groupKey)
                .replace("Checkout error rate above 5% for 5 minutes", "Checkout\\u0000error rate\\u001b[31m high");
        assertThat(payload).contains("\\u0000");

        String dedupKey =
                postAlertmanager(payload).then().statusCode(202).extract().path("dedupKey");

        String incidentId = await().atMost(PATIENCE)
                .until(() -> incidentsWithDedupKey(dedupKey), ids -> ids.size() == 1)
                .get(0);
        asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incidentId)
                .then()
                .statusCode(200)
                .body("title", equalTo("Checkout\uFFFDerror rate\uFFFD[31m high"));
    }

    @Test
    void aPagerDutyEventWithAMalformedRoutingKeyGetsPagerDutysInvalidAnswer() {
        for (String body : new String[] {
            "{\"routing_key\":\"abc\"}",
            "{\"routing_key\":\"\"}",
            "{\"routing_key\":12}",
            "{\"routing_key\":\"" + "A".repeat(5000) + "\"}"
        }) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post(stack.incidentUrl() + "/v2/enqueue")
                    .then()
                    .statusCode(400)
                    .body("status", equalTo("invalid event"))
                    .body("errors", hasItem("Invalid routing key"));
        }
    }

    @Test
    void aPagerDutyEventAboveItsLimitIsRefusedByItsDeclaredLength() {
        String big =
                "{\"routing_key\":\"" + LocalStack.DEV_ROUTING_KEY + "\",\"pad\":\"" + "x".repeat(600 * 1024) + "\"}";
        given().contentType(ContentType.JSON)
                .body(big)
                .post(stack.incidentUrl() + "/v2/enqueue")
                .then()
                .statusCode(413)
                .body("status", equalTo("invalid event"));
    }

    @Test
    void noTopicKeepsAPagerDutyRoutingKey() {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> before = topics.signalEndOffsets();
            String dedupKey = "keyless-" + UUID.randomUUID();
            given().contentType(ContentType.JSON)
                    .body("""
                    {"routing_key":"%s","event_action":"trigger","dedup_key":"%s",
                     "payload":{"summary":"Queue depth high","source":"mq-1","severity":"warning"}}""".formatted(LocalStack.DEV_ROUTING_KEY, dedupKey))
                    .post(stack.incidentUrl() + "/v2/enqueue")
                    .then()
                    .statusCode(202);

            var signals = topics.recordsSince(before, Topics.SIGNALS);
            assertThat(signals).hasSize(1);
            String kept = new String(signals.get(0).value(), StandardCharsets.UTF_8);
            assertThat(kept)
                    .contains(dedupKey)
                    .doesNotContain(LocalStack.DEV_ROUTING_KEY)
                    .doesNotContain("routing_key");
        }
    }

    @Test
    void aRevokedIntegrationIsNeverReactivatedByRotation() {
        String admin = Keycloak.user("admin", "admin");
        String id = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "revoked-" + UUID.randomUUID().toString().substring(0, 8), "product", "shop"))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .extract()
                .path("integrationId");
        given().auth()
                .oauth2(admin)
                .post(stack.incidentUrl() + "/api/v1/integrations/" + id + "/revoke")
                .then()
                .statusCode(200);

        given().auth()
                .oauth2(admin)
                .post(stack.incidentUrl() + "/api/v1/integrations/" + id + "/rotate")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .get(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(200)
                .body("find { it.integrationId == '" + id + "' }.status", equalTo("REVOKED"));
    }

    /**
     * Hostile bodies. Most are wrong for every endpoint; an endpoint whose fields are all optional may take one (a
     * heartbeat ignores what it does not know). None may break a service or be half taken.
     */
    private static Map<String, byte[]> corpus() {
        String tenMegabytes = "x".repeat(3_500_000);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("control characters", utf8("""
                {"title":"a\\u0000b","service":"s\\u0001","text":"x\\u0000","kind":"note","summary":"\\u001b[2J",
                 "alerts":[{"labels":{"a\\u0000":"b"}}],"routing_key":"%s"}""".formatted(LocalStack.DEV_ROUTING_KEY)));
        bodies.put(
                "10 MB strings",
                utf8("{\"title\":\"" + tenMegabytes + "\",\"service\":\"" + tenMegabytes + "\",\"text\":\""
                        + tenMegabytes + "\",\"kind\":\"note\"}"));
        bodies.put("deep nesting", utf8("{\"title\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"));
        bodies.put("wrong types", utf8("""
                {"title":5,"service":[],"severity":{},"kind":true,"text":1.5,"alerts":"none","version":[4],
                 "intervalSeconds":"soon","occurredAt":12,"routing_key":"%s","event_action":7,"payload":[]}""".formatted(LocalStack.DEV_ROUTING_KEY)));
        bodies.put("duplicate keys", utf8("{\"title\":\"a\",\"title\":5,\"kind\":\"note\",\"kind\":[]}"));
        bodies.put("invalid UTF-8", new byte[] {
            '{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, 0x28, (byte) 0xFF, '"', '}'
        });
        bodies.put("numbers out of range", utf8("""
                {"title":"t","service":"s","severity":99999999999999999999999,"intervalSeconds":1e400,
                 "occurredAt":-1e308,"dueDate":1e999,"alerts":[{"startsAt":1e400}],"truncatedAlerts":1e400}"""));
        bodies.put("unknown enums", utf8("""
                {"title":"t","service":"s","product":"shop","severity":"SEV9","kind":"explode","status":"burning",
                 "role":"king","assignee":"x","class":"meteor","reason":"r","version":"9","alerts":[],
                 "routing_key":"%s","event_action":"explode","payload":{"summary":"s","source":"h","severity":"fatal"}}""".formatted(LocalStack.DEV_ROUTING_KEY)));
        bodies.put("not an object", utf8("[1,2,3]"));
        bodies.put("null", utf8("null"));
        bodies.put("empty", new byte[0]);
        return bodies;
    }

    @Test
    void everyEndpointAnswersEveryHostileBodyWithAClearAnswerAndARefusalWritesNothing() {
        String key = given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "corpus-" + UUID.randomUUID().toString().substring(0, 8),
                        "product",
                        "shop",
                        "rateLimit",
                        Map.of("perSecond", 1000, "burst", 1000)))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .extract()
                .path("routingKey");
        String responder = Keycloak.user("responder", "responder");
        String incident = StackClient.openIncident("corpus");
        String commands = stack.incidentUrl() + "/api/v1/incidents/" + incident;
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("POST " + stack.incidentUrl() + "/api/v1/signals/alertmanager", key);
        endpoints.put("POST " + stack.incidentUrl() + "/api/v1/signals/grafana", key);
        endpoints.put("POST " + stack.incidentUrl() + "/api/v1/signals", key);
        endpoints.put("PUT " + stack.incidentUrl() + "/api/v1/heartbeats/corpus", key);
        endpoints.put("POST " + stack.incidentUrl() + "/api/v1/changes", key);
        endpoints.put("POST " + stack.incidentUrl() + "/v2/enqueue", null);
        endpoints.put("POST " + stack.incidentUrl() + "/v2/change/enqueue", null);
        endpoints.put("POST " + stack.incidentUrl() + "/api/v1/incidents", responder);
        for (String command : List.of("timeline", "roles", "severity", "status", "action-items")) {
            endpoints.put("POST " + commands + "/" + command, responder);
        }
        endpoints.put("PUT " + commands + "/postmortem/summary", responder);

        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            List<String> wrong = new ArrayList<>();
            endpoints.forEach((endpoint, credential) -> corpus().forEach((name, body) -> {
                String[] call = endpoint.split(" ", 2);
                var request = given().contentType(ContentType.JSON).body(body);
                if (credential != null) {
                    request = request.auth().oauth2(credential);
                }
                Map<TopicPartition, Long> signals = topics.signalEndOffsets();
                var answer = call[0].equals("PUT") ? request.put(call[1]) : request.post(call[1]);
                int status = answer.statusCode();
                String type = answer.contentType();
                boolean taken = status >= 200 && status < 300;
                boolean clear = status >= 400
                        && status < 500
                        && type != null
                        && (type.startsWith("application/problem+json")
                                || call[1].contains("/v2/") && type.startsWith("application/json"));
                boolean namesTheField =
                        status != 400 || !answer.jsonPath().getList("errors").isEmpty();
                if (!taken && !(clear && namesTheField)) {
                    wrong.add(endpoint + " with " + name + ": " + status + " " + type + " "
                            + answer.asString()
                                    .substring(
                                            0, Math.min(200, answer.asString().length())));
                } else if (!taken && !topics.signalEndOffsets().equals(signals)) {
                    wrong.add(endpoint + " with " + name + ": refused with " + status + " but wrote a signal");
                }
            }));
            assertThat(wrong).isEmpty();
        }
        // what a command endpoint took (a postmortem section cleared that was empty) changed nothing
        assertThat(given().auth()
                        .oauth2(responder)
                        .queryParam(
                                "kind",
                                "note",
                                "decision",
                                "action",
                                "role",
                                "severity",
                                "status",
                                "action-item",
                                "postmortem")
                        .get(stack.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList(""))
                .isEmpty();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
