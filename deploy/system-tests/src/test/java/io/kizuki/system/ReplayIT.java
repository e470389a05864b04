package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Replays on the real stack: a product's recorded signals (and a person's resolve) replayed with today's rules give
 * back the incidents that were opened; draft rules say which would have been merged or suppressed, naming the real
 * incidents; a wrong rule is named; only admins of the product see or run one.
 */
class ReplayIT {

    private static LocalStack stack;
    private static String admin;
    private static String product;
    private static Instant from;
    private static Instant until;
    private static final List<String> incidents = new ArrayList<>();

    @BeforeAll
    static void recordSignalsAndAResolve() {
        stack = SharedStack.get();
        admin = Keycloak.user("admin", "admin");
        product = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        String routingKey = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", product, "product", product))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .extract()
                .path("routingKey");
        String responder = Keycloak.userOfProduct("responder-" + product, "responder", product);
        from = Instant.now().minusSeconds(1);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            payloads.add(samplePayload()
                    .replace(SAMPLE_GROUP_KEY, "{}:{replay=" + UUID.randomUUID() + "}")
                    .replace("\"product\": \"shop\"", "\"product\": \"" + product + "\""));
        }
        for (String payload : payloads) {
            incidents.add(openedBy(routingKey, payload));
        }
        given().auth()
                .oauth2(responder)
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incidents.getFirst() + "/resolve")
                .then()
                .statusCode(200)
                .body("status", equalTo("RESOLVED"));
        // the first group fires again after its incident was resolved by hand: a new incident
        String again = openedBy(routingKey, payloads.getFirst());
        assertThat(again).isNotIn(incidents);
        incidents.add(again);
        until = Instant.now();
    }

    @Test
    void replaysTodaysRulesIntoTheIncidentsThatWereOpened() {
        JsonPath replay = replay(Map.of("product", product, "from", from.toString(), "until", until.toString()));

        assertThat(replay.getLong("result.signals")).isEqualTo(4);
        assertThat(replay.getLong("result.actual.incidents")).isEqualTo(4);
        assertThat(replay.getLong("result.draft.incidents")).isEqualTo(4);
        assertThat(replay.getLong("result.incidents.kept")).isEqualTo(4);
        assertThat(replay.getLong("result.pagesNotSent")).isZero();
        assertThat(replay.getList("result.examples")).isEmpty();
    }

    @Test
    void saysWhichRealIncidentsADraftGroupingWouldHaveMergedAndADraftSilenceSuppressed() {
        JsonPath grouped = replay(Map.of(
                "product", product,
                "from", from.toString(),
                "until", until.toString(),
                "rules", Map.of("grouping", Map.of("by", List.of("alertname")))));

        assertThat(grouped.getLong("result.draft.incidents")).isEqualTo(2);
        assertThat(grouped.getLong("result.incidents.kept")).isEqualTo(2);
        assertThat(grouped.getLong("result.incidents.merged")).isEqualTo(2);
        assertThat(grouped.getLong("result.pagesNotSent")).isEqualTo(2);
        assertThat(grouped.getList("result.examples.findAll { it.outcome == 'merged' }.incidentId", String.class))
                .containsExactlyInAnyOrder(incidents.get(1), incidents.get(2));

        JsonPath silenced = replay(Map.of(
                "product", product,
                "from", from.toString(),
                "until", until.toString(),
                "rules",
                        Map.of(
                                "silences",
                                List.of(Map.of(
                                        "service", "shop-checkout",
                                        "startsAt", from.toString(),
                                        "endsAt", until.plusSeconds(60).toString())))));
        assertThat(silenced.getLong("result.draft.incidents")).isZero();
        assertThat(silenced.getLong("result.incidents.suppressed")).isEqualTo(4);
        assertThat(silenced.getLong("result.draft.silenced")).isEqualTo(4);
    }

    @Test
    void namesADraftRuleThatDoesNotCompileAndRunsNothing() {
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("product", product, "rules", Map.of("classification", Map.of("latency", "(slow"))))
                .post(stack.incidentUrl() + "/api/v1/replays")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("rules.classification.latency"));
    }

    @Test
    void letsOnlyAdminsOfTheProductRunOrReadAReplay() {
        String replayId = replay(Map.of("product", product, "from", from.toString(), "until", until.toString()))
                .getString("replayId");
        String adminOfPayments = Keycloak.userOfProduct("admin-payments", "admin", "payments");
        given().auth()
                .oauth2(adminOfPayments)
                .contentType(ContentType.JSON)
                .body(Map.of("product", product))
                .post(stack.incidentUrl() + "/api/v1/replays")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("product"));
        given().auth()
                .oauth2(adminOfPayments)
                .get(stack.incidentUrl() + "/api/v1/replays/" + replayId)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(adminOfPayments)
                .get(stack.incidentUrl() + "/api/v1/replays")
                .then()
                .statusCode(200)
                .body("replayId", not(hasItem(replayId)));
        given().auth()
                .oauth2(admin)
                .get(stack.incidentUrl() + "/api/v1/replays")
                .then()
                .statusCode(200)
                .body("replayId", hasItem(replayId));
    }

    /** Runs a replay as the admin and polls it until it is done. */
    private static JsonPath replay(Map<String, Object> request) {
        JsonPath replay = run(request);
        assertThat(replay.getString("status")).as(replay.prettify()).isEqualTo("done");
        return replay;
    }

    private static JsonPath run(Map<String, Object> request) {
        String location = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(request)
                .post(stack.incidentUrl() + "/api/v1/replays")
                .then()
                .statusCode(202)
                .body("status", equalTo("running"))
                .extract()
                .header("Location");
        return await().atMost(PATIENCE)
                .until(
                        () -> given().auth()
                                .oauth2(admin)
                                .get(location.startsWith("http") ? location : stack.incidentUrl() + location)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        replay -> !replay.getString("status").equals("running"));
    }

    private static String openedBy(String routingKey, String payload) {
        String dedupKey = given().header("Authorization", "Bearer " + routingKey)
                .contentType(ContentType.JSON)
                .body(payload)
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(202)
                .extract()
                .path("dedupKey");
        List<String> before = new ArrayList<>(incidents);
        return await()
                .atMost(PATIENCE)
                .until(
                        () -> given().auth()
                                .oauth2(admin)
                                .queryParam("limit", 500)
                                .get(stack.reportUrl() + "/api/v1/incidents")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("findAll { it.dedupKey == '" + dedupKey + "' }.id", String.class),
                        ids -> ids.stream().anyMatch(id -> !before.contains(id)))
                .stream()
                .filter(id -> !before.contains(id))
                .findFirst()
                .orElseThrow();
    }
}
