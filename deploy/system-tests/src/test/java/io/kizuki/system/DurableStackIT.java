package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kizuki.embedded.EmbeddedKeycloak;
import io.kizuki.embedded.LocalStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The one-command instance keeps what it holds: a stack stopped and started again on its data directory has the
 * same incidents and timelines, the same integrations and routing keys, and the Keycloak users an admin created.
 * A stack of its own (its own ports and directory) beside the shared one.
 */
class DurableStackIT {

    private static final Path ROOT = Path.of(System.getProperty("kizuki.project.root", "../.."))
            .toAbsolutePath()
            .normalize();

    @Test
    void aStackStartedAgainOnItsDataHasTheSameIncidentsTimelinesIntegrationsAndUsers() {
        Path data = ROOT.resolve("deploy/system-tests/target/durable-stack");
        LocalStack.Ports ports = LocalStack.Ports.random();
        String label = UUID.randomUUID().toString();
        String incident;
        String timeline;
        String routingKey;
        try (LocalStack first = LocalStack.start(ROOT, ports, data)) {
            String admin = Keycloak.devUser(first, "admin");
            routingKey = given().auth()
                    .oauth2(admin)
                    .contentType(ContentType.JSON)
                    .body(Map.of("name", "durable", "product", "shop"))
                    .post(first.incidentUrl() + "/api/v1/integrations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("routingKey");
            createUser(first, "durable-responder");
            String dedupKey = alert(first, routingKey, label);
            incident = await().atMost(PATIENCE)
                    .until(() -> incidents(first, dedupKey), ids -> ids.size() == 1)
                    .getFirst();
            given().auth()
                    .oauth2(Keycloak.devUser(first, "durable-responder"))
                    .post(first.incidentUrl() + "/api/v1/incidents/" + incident + "/acknowledge")
                    .then()
                    .statusCode(200);
            timeline = await().atMost(PATIENCE)
                    .until(
                            () -> given().auth()
                                    .oauth2(Keycloak.devUser(first, "viewer"))
                                    .get(first.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .asString(),
                            body -> body.contains("Acknowledged by user:durable-responder"));
        }

        try (LocalStack second = LocalStack.start(ROOT, ports, data, false)) {
            String viewer = Keycloak.devUser(second, "viewer");
            // the read models go on from their checkpoints: what they had not applied at the stop, they apply now
            await().atMost(PATIENCE).untilAsserted(() -> given().auth()
                    .oauth2(viewer)
                    .get(second.reportUrl() + "/api/v1/incidents/" + incident)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("ACKNOWLEDGED")));
            // every entry seen before the stop, unchanged and in order (notify-service may have recorded a
            // delivery after the first look, before the stop)
            List<Map<String, Object>> before = JsonPath.from(timeline).getList("");
            List<Map<String, Object>> after = given().auth()
                    .oauth2(viewer)
                    .get(second.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("");
            assertThat(after).startsWith(before.toArray(Map[]::new));
            // the integration and its routing key: another alert of the same group attaches to the same incident
            String dedupKey = given().auth()
                    .oauth2(routingKey)
                    .contentType(ContentType.JSON)
                    .body(payload(label)
                            .replace("c0ffee0000000001", "c0ffee0000000002")
                            .replace("checkout-7d9f-1", "checkout-7d9f-2"))
                    .post(second.incidentUrl() + "/api/v1/signals/alertmanager")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("dedupKey");
            await().atMost(PATIENCE)
                    .until(() -> given().auth()
                                    .oauth2(viewer)
                                    .get(second.reportUrl() + "/api/v1/incidents/" + incident)
                                    .then()
                                    .extract()
                                    .jsonPath()
                                    .getInt("alertCount")
                            == 2);
            assertThat(incidents(second, dedupKey)).containsExactly(incident);
            // the user an admin created is still there, and still acts
            given().auth()
                    .oauth2(Keycloak.devUser(second, "durable-responder"))
                    .contentType(ContentType.JSON)
                    .body("{\"kind\":\"note\",\"text\":\"still here\"}")
                    .post(second.incidentUrl() + "/api/v1/incidents/" + incident + "/timeline")
                    .then()
                    .statusCode(200)
                    .body("events[0].data.addedBy", equalTo("user:durable-responder"));
        }
    }

    private static String payload(String label) {
        return samplePayload().replace(SAMPLE_GROUP_KEY, "{}:{durable=" + label + "}");
    }

    private static String alert(LocalStack stack, String routingKey, String label) {
        return given().auth()
                .oauth2(routingKey)
                .contentType(ContentType.JSON)
                .body(payload(label))
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(202)
                .extract()
                .path("dedupKey");
    }

    private static List<String> incidents(LocalStack stack, String dedupKey) {
        return given().auth()
                .oauth2(Keycloak.devUser(stack, "viewer"))
                .queryParam("limit", 500)
                .get(stack.reportUrl() + "/api/v1/incidents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.dedupKey == '" + dedupKey + "' }.id", String.class);
    }

    /** Creates a responder of product shop through Keycloak's admin API, as an administrator would. */
    private static void createUser(LocalStack stack, String username) {
        String master = Keycloak.token(
                stack.keycloak().url() + "/realms/master",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        EmbeddedKeycloak.BOOTSTRAP_ADMIN,
                        "password",
                        EmbeddedKeycloak.BOOTSTRAP_ADMIN_PASSWORD));
        String realm = stack.keycloak().url() + "/admin/realms/" + EmbeddedKeycloak.REALM;
        given().auth()
                .oauth2(master)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username",
                        username,
                        "enabled",
                        true,
                        "email",
                        username + "@kizuki.test",
                        "emailVerified",
                        true,
                        "firstName",
                        "Durable",
                        "lastName",
                        "Responder",
                        "groups",
                        List.of("/product-shop"),
                        "credentials",
                        List.of(Map.of("type", "password", "value", username, "temporary", false))))
                .post(realm + "/users")
                .then()
                .statusCode(201);
        String userId = given().auth()
                .oauth2(master)
                .queryParam("username", username)
                .queryParam("exact", true)
                .get(realm + "/users")
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
        Object responder = given().auth()
                .oauth2(master)
                .get(realm + "/roles/responder")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
        given().auth()
                .oauth2(master)
                .contentType(ContentType.JSON)
                .body(List.of(responder))
                .post(realm + "/users/" + userId + "/role-mappings/realm")
                .then()
                .statusCode(204);
    }
}
