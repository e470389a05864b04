package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Metrics under a new definition over all history: recomputed from the ledger, the current definition gives what the
 * metrics read model says; a definition kept in versions measures from the first page and to mitigation.
 */
class MetricDefinitionsIT {

    private static LocalStack stack;
    private static String admin;
    private static Instant from;

    @BeforeAll
    static void workTwoIncidents() {
        stack = SharedStack.get();
        admin = Keycloak.user("admin", "admin");
        from = Instant.now().minusSeconds(1);
        for (String incident : List.of(StackClient.openIncident("metrics-a"), StackClient.openIncident("metrics-b"))) {
            String url = stack.incidentUrl() + "/api/v1/incidents/" + incident;
            asResponder().post(url + "/acknowledge").then().statusCode(200);
            asResponder()
                    .contentType(ContentType.JSON)
                    .body(Map.of("status", "monitoring"))
                    .post(url + "/status")
                    .then()
                    .statusCode(200);
            asResponder().post(url + "/resolve").then().statusCode(200);
        }
    }

    @Test
    void theCurrentDefinitionRecomputedFromTheLedgerGivesWhatTheReadModelSays() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonPath model = asViewer()
                    .queryParam("from", from.toString())
                    .get(stack.reportUrl() + "/api/v1/metrics/incidents")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            JsonPath recomputed = asViewer()
                    .queryParam("from", from.toString())
                    .get(stack.reportUrl() + "/api/v1/metrics/definitions/kizuki/figures")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(recomputed.getLong("rows[0].current.incidents")).isEqualTo(model.getLong("[0].incidents"));
            assertThat(recomputed.getLong("rows[0].current.incidents")).isGreaterThanOrEqualTo(2);
            for (String figure : List.of("timeToAcknowledge", "timeToResolve")) {
                assertThat(recomputed.getLong("rows[0].current." + figure + ".count"))
                        .isEqualTo(model.getLong("[0]." + figure + ".count"));
                assertThat(recomputed.getDouble("rows[0].current." + figure + ".meanSeconds"))
                        .isCloseTo(
                                model.getDouble("[0]." + figure + ".meanSeconds"),
                                org.assertj.core.data.Offset.offset(0.001));
                assertThat(recomputed.getDouble("rows[0].current." + figure + ".p90Seconds"))
                        .isCloseTo(
                                model.getDouble("[0]." + figure + ".p90Seconds"),
                                org.assertj.core.data.Offset.offset(0.001));
            }
        });
    }

    @Test
    void keepsEachVersionOfADefinitionAndMeasuresByIt() {
        String name = "to-mitigation-" + Long.toString(System.nanoTime(), 36);
        for (int version = 1; version <= 2; version++) {
            given().auth()
                    .oauth2(admin)
                    .contentType(ContentType.JSON)
                    .body(Map.of("acknowledgeFrom", "first-page", "resolveAt", version == 1 ? "resolved" : "mitigated"))
                    .put(stack.reportUrl() + "/api/v1/metrics/definitions/" + name)
                    .then()
                    .statusCode(201)
                    .body("definition.version", equalTo(version))
                    .body("createdBy", equalTo("user:admin"));
        }
        asViewer()
                .get(stack.reportUrl() + "/api/v1/metrics/definitions")
                .then()
                .statusCode(200)
                .body("definition.name", hasItems("kizuki", name));

        JsonPath figures = asViewer()
                .queryParam("from", from.toString())
                .get(stack.reportUrl() + "/api/v1/metrics/definitions/" + name + "/figures")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(figures.getInt("definition.version")).isEqualTo(2);
        assertThat(figures.getString("definition.resolveAt")).isEqualTo("mitigated");
        assertThat(figures.getLong("rows[0].definition.incidents"))
                .isEqualTo(figures.getLong("rows[0].current.incidents"));
        assertThat(figures.getDouble("rows[0].definition.timeToResolve.meanSeconds"))
                .as("mitigation comes before resolution")
                .isLessThanOrEqualTo(figures.getDouble("rows[0].current.timeToResolve.meanSeconds"));
        asViewer()
                .queryParam("version", 1)
                .get(stack.reportUrl() + "/api/v1/metrics/definitions/" + name + "/figures")
                .then()
                .statusCode(200)
                .body("definition.resolveAt", equalTo("resolved"));
    }

    @Test
    void namesWrongFieldsAndAnswers404ForAnUnknownDefinition() {
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("resolveAt", "never", "businessHours", Map.of("timeZone", "Mars/Olympus")))
                .put(stack.reportUrl() + "/api/v1/metrics/definitions/bad")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("resolveAt", "businessHours.timeZone"));
        asViewer()
                .get(stack.reportUrl() + "/api/v1/metrics/definitions/none-such/figures")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
