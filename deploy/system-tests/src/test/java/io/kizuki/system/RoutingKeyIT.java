package io.kizuki.system;

import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasLength;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Routing keys for producers that cannot do OAuth: bound to a product, rotated and revoked by an admin. */
class RoutingKeyIT {

    private static LocalStack stack;
    private static String admin;

    @BeforeAll
    static void setUp() {
        stack = SharedStack.get();
        admin = Keycloak.user("admin", "admin");
    }

    @Test
    void rejectsUnknownRevokedAndOtherProductsKeysWithoutWritingAnything() {
        JsonPath payments = createIntegration("payments-alertmanager", "payments");
        String paymentsKey = payments.getString("routingKey");
        JsonPath revoked = createIntegration("revoked-alertmanager", "shop");
        given().auth()
                .oauth2(admin)
                .post(stack.incidentUrl() + "/api/v1/integrations/" + revoked.getString("integrationId") + "/revoke")
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"));

        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> before = topics.signalEndOffsets();

            push("ABCDEFGH" + "0".repeat(24), payload()).then().statusCode(401).contentType("application/problem+json");
            push(revoked.getString("routingKey"), payload()).then().statusCode(401);
            push(paymentsKey, payload())
                    .then()
                    .statusCode(403)
                    .body("errors[0].field", equalTo("alerts[0].labels.product"));

            assertThat(topics.signalEndOffsets()).isEqualTo(before);
        }
        push(paymentsKey, payload().replace("\"product\": \"shop\"", "\"product\": \"payments\""))
                .then()
                .statusCode(202);
    }

    @Test
    void rotationKeepsTheIntegrationWorkingWithTheNewKeyOnly() {
        JsonPath created = createIntegration("rotating-alertmanager", "shop");
        String oldKey = created.getString("routingKey");
        push(oldKey, payload()).then().statusCode(202);

        String newKey = given().auth()
                .oauth2(admin)
                .post(stack.incidentUrl() + "/api/v1/integrations/" + created.getString("integrationId") + "/rotate")
                .then()
                .statusCode(200)
                .body("routingKey", hasLength(32))
                .extract()
                .path("routingKey");

        assertThat(newKey).isNotEqualTo(oldKey);
        push(oldKey, payload()).then().statusCode(401);
        push(newKey, payload()).then().statusCode(202);
        given().auth()
                .oauth2(admin)
                .get(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(200)
                .body(
                        "find { it.integrationId == '" + created.getString("integrationId") + "' }.keyHint",
                        equalTo(newKey.substring(0, 8)));
    }

    @Test
    void refusesInvalidIntegrationsWithTheFieldAtFault() {
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "has spaces", "product", "Shop"))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("name", "product")));
        given().auth()
                .oauth2(admin)
                .post(stack.incidentUrl() + "/api/v1/integrations/nope/rotate")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void limitsTheRateOfEachIntegrationWithRetryAfter() {
        String key = createIntegration("chatty-alertmanager", "shop").getString("routingKey");
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> before = topics.signalEndOffsets();
            List<Response> responses = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                responses.add(push(key, "{}"));
            }

            Response limited = responses.stream()
                    .filter(r -> r.statusCode() == 429)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no 429 among "
                            + responses.stream().map(Response::statusCode).toList()));
            assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(responses).allMatch(r -> r.statusCode() == 400 || r.statusCode() == 429);
            assertThat(topics.signalEndOffsets()).isEqualTo(before);
        }
    }

    @Test
    void anAdminSetsTheRateLimitOfOneIntegration() {
        JsonPath created = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "strict-" + UUID.randomUUID().toString().substring(0, 8),
                        "product",
                        "shop",
                        "rateLimit",
                        Map.of("perSecond", 0.01, "burst", 2)))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String key = created.getString("routingKey");
        String limitUrl =
                stack.incidentUrl() + "/api/v1/integrations/" + created.getString("integrationId") + "/rate-limit";

        assertThat(List.of(
                        push(key, "{}").statusCode(),
                        push(key, "{}").statusCode(),
                        push(key, "{}").statusCode()))
                .containsExactly(400, 400, 429);

        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("perSecond", 1000, "burst", 1000))
                .put(limitUrl)
                .then()
                .statusCode(200)
                .body("rateLimit.burst", equalTo(1000.0f));
        for (int i = 0; i < 20; i++) {
            push(key, "{}").then().statusCode(400);
        }
    }

    @Test
    void aSenderOverItsLimitIsRefusedBeforeItsBodyIsRead() throws IOException {
        String key = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "unread-" + UUID.randomUUID().toString().substring(0, 8),
                        "product",
                        "shop",
                        "rateLimit",
                        Map.of("perSecond", 0.01, "burst", 1)))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .extract()
                .path("routingKey");
        push(key, "{}").then().statusCode(400);

        // a body announced as 20 MB of which one byte is sent: answered at once, not after waiting for the rest
        URI incidentService = URI.create(stack.incidentUrl());
        try (Socket socket = new Socket(incidentService.getHost(), incidentService.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /api/v1/signals/alertmanager HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 20000000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).startsWith("HTTP/1.1 429");
        }
    }

    @Test
    void refusesAnInvalidRateLimitWithTheFieldsAtFault() {
        String id = createIntegration("limited-alertmanager", "shop").getString("integrationId");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("perSecond", 0, "burst", 0.5))
                .put(stack.incidentUrl() + "/api/v1/integrations/" + id + "/rate-limit")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("perSecond", "burst")));
        given().auth()
                .oauth2(Keycloak.user("responder", "responder"))
                .contentType(ContentType.JSON)
                .body(Map.of("perSecond", 5, "burst", 5))
                .put(stack.incidentUrl() + "/api/v1/integrations/" + id + "/rate-limit")
                .then()
                .statusCode(403);
    }

    private static JsonPath createIntegration(String name, String product) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name + "-" + UUID.randomUUID().toString().substring(0, 8), "product", product))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .body("routingKey", hasLength(32))
                .extract()
                .jsonPath();
    }

    private static Response push(String routingKey, String body) {
        return given().header("Authorization", "Bearer " + routingKey)
                .contentType(ContentType.JSON)
                .body(body)
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager");
    }

    private static String payload() {
        return samplePayload().replace(SAMPLE_GROUP_KEY, "{}:{routing=" + UUID.randomUUID() + "}");
    }
}
