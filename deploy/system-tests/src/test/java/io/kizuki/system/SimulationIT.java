package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * An on-call change tried on real history: the configuration in force gives back the pages notify-service recorded;
 * a draft says who would have been paged instead, and how it changes each person's nights.
 */
class SimulationIT {

    private static LocalStack stack;
    private static String admin;
    private static Instant from;
    private static String incident;

    @BeforeAll
    static void pageAnIncident() {
        stack = SharedStack.get();
        admin = Keycloak.user("admin", "admin");
        from = Instant.now().minusSeconds(1);
        incident = StackClient.openIncident("simulation");
    }

    @Test
    void theConfigurationInForceGivesBackThePagesRecorded() {
        JsonPath same = await().atMost(PATIENCE)
                .until(
                        () -> simulate("", Instant.now())
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        result -> result.getLong("real.pages") > 0
                                && result.getList("changed").isEmpty()
                                && result.getLong("real.pages") == result.getLong("draft.pages"));

        assertThat(same.getInt("incidents")).isEqualTo(1);
        assertThat(same.getMap("real")).isEqualTo(same.getMap("draft"));
        assertThat(same.getList("burden.person")).isNotEmpty();
    }

    @Test
    void aDraftSaysWhoWouldHaveBeenPagedInsteadAndHowItChangesTheirBurden() {
        String draft = """
                people:
                  nora: {timeZone: Asia/Tokyo, email: nora@example.com}
                escalationPolicies:
                  everyone:
                    levels:
                      - timeout: PT30M
                        targets: [{person: nora}]
                routing:
                  default: everyone
                """;

        JsonPath result =
                simulate(draft, Instant.now()).then().statusCode(200).extract().jsonPath();

        assertThat(result.getInt("incidents")).isEqualTo(1);
        assertThat(result.getLong("draft.pages")).isEqualTo(1);
        assertThat(result.getLong("draft.peoplePaged")).isEqualTo(1);
        assertThat(result.getList("changed.incidentId")).containsExactly(incident);
        assertThat(result.getList("changed[0].draft.person")).containsExactly("nora");
        assertThat(result.getLong("burden.find { it.person == 'nora' }.draft.pages"))
                .isEqualTo(1);
        assertThat(result.getLong("burden.find { it.person == 'nora' }.real.pages"))
                .isZero();
    }

    @Test
    void namesEveryProblemOfADraftAndOfThePeriod() {
        simulate("people:\n  nora: {timeZone: Mars/Olympus}\n", Instant.now())
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .queryParam("from", "yesterday")
                .queryParam("product", "Shop")
                .post(stack.notifyUrl() + "/api/v1/admin/oncall-config/simulations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("from", "product"));
    }

    @Test
    void onlyAnAdministratorOfEveryProductSimulates() {
        for (String token : new String[] {
            Keycloak.user("responder", "responder"), Keycloak.userOfProduct("admin-payments", "admin", "payments")
        }) {
            given().auth()
                    .oauth2(token)
                    .contentType("application/yaml")
                    .post(stack.notifyUrl() + "/api/v1/admin/oncall-config/simulations")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
    }

    private static Response simulate(String yaml, Instant until) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .queryParam("from", from.toString())
                .queryParam("until", until.toString())
                .queryParam("product", "shop")
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .post(stack.notifyUrl() + "/api/v1/admin/oncall-config/simulations");
    }
}
