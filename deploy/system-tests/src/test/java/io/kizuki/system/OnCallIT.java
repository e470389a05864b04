package io.kizuki.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.kizuki.importer.Import;
import io.restassured.response.Response;

/** notify-service's on-call API over the sample configuration the stack starts with, and replacing it. */
class OnCallIT {

    private static final Path ROOT =
            Path.of(System.getProperty("kizuki.project.root", "../..")).toAbsolutePath();
    private static LocalStack stack;
    private static String viewer;
    private static String admin;
    private static String responder;
    private static String sample;

    @BeforeAll
    static void setUp() throws IOException {
        stack = SharedStack.get();
        viewer = Keycloak.user("viewer", "viewer");
        admin = Keycloak.user("admin", "admin");
        responder = Keycloak.user("responder", "responder");
        sample = Files.readString(ROOT.resolve(LocalStack.ONCALL_SAMPLE));
    }

    @AfterAll
    static void restoreTheSample() {
        put(sample).then().statusCode(200);
    }

    private static Response put(String yaml) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .put(stack.notifyUrl() + "/api/v1/admin/oncall-config");
    }

    @Test
    void tellsWhoIsOnCallInEverySchedule() {
        given().auth()
                .oauth2(viewer)
                .queryParam("at", "2026-11-18T12:00:00Z")
                .get(stack.notifyUrl() + "/api/v1/oncall")
                .then()
                .statusCode(200)
                .body("at", equalTo("2026-11-18T12:00:00Z"))
                .body("schedules.find { it.schedule == 'shop-primary' }.person", equalTo("carol"))
                .body("schedules.find { it.schedule == 'shop-primary' }.timeZone", equalTo("America/New_York"))
                .body("schedules.find { it.schedule == 'shop-primary' }.shiftStart", equalTo("2026-11-16T08:00:00Z"))
                .body("schedules.find { it.schedule == 'shop-primary' }.shiftEnd", equalTo("2026-11-23T08:00:00Z"))
                .body("schedules.find { it.schedule == 'sre' }.person", equalTo("tom"));
    }

    @Test
    void tellsTheCallerTheirOwnShiftsWhenTheyArePeopleOfTheConfiguration() {
        put(sample).then().statusCode(200);
        String alice = Keycloak.userOfProduct("alice", "viewer", "shop");
        // a three-person weekly rotation: alice has at least one shift in any 28 days, all in shop-primary
        given().auth()
                .oauth2(alice)
                .get(stack.notifyUrl() + "/api/v1/oncall/me")
                .then()
                .statusCode(200)
                .body("person", equalTo("alice"))
                .body("personName", equalTo("Alice Example"))
                .body("shifts.size()", greaterThanOrEqualTo(1))
                .body("shifts.schedule", everyItem(equalTo("shop-primary")));
        // the local realm's viewer is tom's user (user: viewer in the sample): tom, though neither name nor e-mail says
        // so
        given().auth()
                .oauth2(viewer)
                .get(stack.notifyUrl() + "/api/v1/oncall/me")
                .then()
                .statusCode(200)
                .body("person", equalTo("tom"));
        given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .get(stack.notifyUrl() + "/api/v1/oncall/me")
                .then()
                .statusCode(200)
                .body("person", nullValue())
                .body("shifts.size()", equalTo(0));
        given().auth()
                .oauth2(viewer)
                .queryParam("days", 93)
                .get(stack.notifyUrl() + "/api/v1/oncall/me")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("days"));
    }

    @Test
    void refusesAnInstantItCannotRead() {
        given().auth()
                .oauth2(viewer)
                .queryParam("at", "yesterday")
                .get(stack.notifyUrl() + "/api/v1/oncall")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("at"));
    }

    @Test
    void servesAScheduleAsACalendarFeed() {
        Response feed = given().auth().oauth2(viewer).get(stack.notifyUrl() + "/api/v1/schedules/shop-primary.ics");
        feed.then()
                .statusCode(200)
                .contentType(startsWith("text/calendar"))
                .body(startsWith("BEGIN:VCALENDAR\r\n"), containsString("SUMMARY:On call: "));
        assertThat(feed.asString()).contains("X-WR-CALNAME:On call: Shop\\, primary");
        given().auth()
                .oauth2(viewer)
                .get(stack.notifyUrl() + "/api/v1/schedules/nope.ics")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void refusesAConfigurationWithProblemsNamingEachByItsPathAndKeepsTheOneInForce() {
        put(sample.replace("members: [alice, bob, carol]", "members: [alice, bob, mallory]")
                        .replace("default: shop", "default: payments"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("$.schedules.shop-primary.layers[0].members[2]"))
                .body("errors.field", hasItem("$.routing.default"));
        put("people: [").then().statusCode(400).body("errors[0].field", startsWith("$"));
        given().auth()
                .oauth2(admin)
                .get(stack.notifyUrl() + "/api/v1/admin/oncall-config")
                .then()
                .statusCode(200)
                .body("people", equalTo(7))
                .body("warnings.size()", equalTo(0));
    }

    @Test
    void putsAValidConfigurationInForceAndWarnsOfMembersNobodyCanReach() {
        String unreachable = sample.replace("""
                    email: carol@example.com
                """, "");
        put(unreachable)
                .then()
                .statusCode(200)
                .body("warnings[0].path", equalTo("$.schedules.shop-primary.layers[0].members[2]"));
        given().auth()
                .oauth2(admin)
                .get(stack.notifyUrl() + "/api/v1/admin/oncall-config/yaml")
                .then()
                .statusCode(200)
                .body(equalTo(unreachable));
        given().get(stack.notifyUrl() + "/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("kizuki_oncall_config_warnings 1.0"));
        put(sample).then().statusCode(200).body("warnings.size()", equalTo(0));
    }

    @Test
    void importsPagerDutyFromSavedFilesPlanningFirstThenAsOneChangeAndASecondRunChangesNothing() throws Exception {
        put(sample).then().statusCode(200);
        try {
            Imported plan = runImport("--plan");
            assertThat(plan.status()).as(plan.err()).isZero();
            assertThat(plan.out())
                    .contains(
                            "Plan (nothing written): import from pagerduty",
                            "+ schedule pd-pshop01",
                            "~ person alice",
                            "- service legacy-batch: uses an escalation policy not carried",
                            "shop-checkout / Prometheus");
            given().auth()
                    .oauth2(admin)
                    .get(stack.notifyUrl() + "/api/v1/admin/oncall-config/yaml")
                    .then()
                    .statusCode(200)
                    .body(not(containsString("pd-pshop01")));

            Imported applied = runImport("--apply");
            assertThat(applied.status()).as(applied.err()).isZero();
            assertThat(applied.out())
                    .startsWith("Applied: import from pagerduty")
                    .contains("+ pagerduty-shop-checkout-prometheus (product shop): point Prometheus at "
                            + stack.incidentUrl() + "/v2/enqueue with the routing key ");
            // Tuesday 13:00 in Berlin, after the import came in force: the weekly layer (Kenji's week), the nights
            // layer restricted to 18:00-09:00
            given().auth()
                    .oauth2(viewer)
                    .queryParam("at", "2027-01-05T12:00:00Z")
                    .get(stack.notifyUrl() + "/api/v1/oncall")
                    .then()
                    .statusCode(200)
                    .body("schedules.find { it.schedule == 'pd-pshop01' }.person", equalTo("pd-pkenji1"));
            given().auth()
                    .oauth2(viewer)
                    .queryParam("at", "2027-01-05T20:00:00Z")
                    .get(stack.notifyUrl() + "/api/v1/oncall")
                    .then()
                    .statusCode(200)
                    .body("schedules.find { it.schedule == 'pd-pshop01' }.person", startsWith("pd-p"))
                    .body("schedules.find { it.schedule == 'pd-pshop01' }.person", not(equalTo("pd-pkenji1")));

            Imported again = runImport("--apply");
            assertThat(again.status()).as(again.err()).isZero();
            assertThat(again.out())
                    .startsWith("Nothing to change: import from pagerduty")
                    .doesNotContain("\n  + ", "\n  ~ ")
                    .contains("schedule(s) unchanged", "= pagerduty-shop-checkout-prometheus exists");
        } finally {
            put(sample).then().statusCode(200);
        }
    }

    @Test
    void refusesAnImportThatIsNotASourcesResponsesNamingTheField() {
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{\"responses\":[{\"path\":\"users\",\"body\":{}}]}")
                .post(stack.notifyUrl() + "/api/v1/admin/oncall-config/imports/pagerduty")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("responses[0].path"));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{\"responses\":[]}")
                .post(stack.notifyUrl() + "/api/v1/admin/oncall-config/imports/splunk")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void plansOpsgenieAndGrafanaOnCallImportsFromSavedFilesWritingNothing() throws Exception {
        put(sample).then().statusCode(200);
        Imported plan = runImport("opsgenie", "--plan");
        assertThat(plan.status()).as(plan.err()).isZero();
        assertThat(plan.out())
                .contains(
                        "Plan (nothing written): import from opsgenie",
                        "+ schedule og-d875e654-a3f1c2d4",
                        "+ routing rule product shop",
                        "- team Search, routing rule Default: notifies a schedule: give it an escalation",
                        "shop / Prometheus (Prometheus): incident-service /api/v1/signals/alertmanager");
        given().auth()
                .oauth2(admin)
                .get(stack.notifyUrl() + "/api/v1/admin/oncall-config/yaml")
                .then()
                .statusCode(200)
                .body(not(containsString("og-d875e654")));

        Imported grafana = runImport("grafana-oncall", "--plan");
        assertThat(grafana.status()).as(grafana.err()).isZero();
        assertThat(grafana.out())
                .contains(
                        "Plan (nothing written): import from grafana-oncall",
                        "+ schedule go-sbm7dv7bkfuyu",
                        "+ escalation policy go-fwdl7m6n6i9he",
                        "- schedule Legacy calendar: is a ical schedule");
    }

    private record Imported(int status, String out, String err) {}

    private static Imported runImport(String mode) throws Exception {
        return runImport("pagerduty", mode);
    }

    private static Imported runImport(String source, String mode) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Import.run(
                new String[] {
                    source,
                    mode,
                    "--files",
                    ROOT.resolve("deploy/samples/" + source).toString(),
                    "--kizuki",
                    stack.notifyUrl(),
                    "--incident",
                    stack.incidentUrl()
                },
                admin,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Imported(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void answersWhoWasOnCallUnderTheConfigurationOfThenAndKeepsEveryVersionWithWhoPutItAndWhy() {
        put(sample).then().statusCode(200);
        given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .queryParam("reason", "the shop rotation is Erin's alone while the others are on leave")
                .body(sample.replace("members: [alice, bob, carol]", "members: [erin]")
                        .getBytes(StandardCharsets.UTF_8))
                .put(stack.notifyUrl() + "/api/v1/admin/oncall-config")
                .then()
                .statusCode(200);
        List<Map<String, Object>> versions = given().auth()
                .oauth2(admin)
                .get(stack.notifyUrl() + "/api/v1/admin/oncall-config/versions")
                .then()
                .statusCode(200)
                .body("[0].source", equalTo("PUT by admin"))
                .body("[0].reason", equalTo("the shop rotation is Erin's alone while the others are on leave"))
                .body("[0].inForce", equalTo(true))
                .body("[1].inForce", equalTo(false))
                .extract()
                .jsonPath()
                .getList("$");
        String erinsVersion = (String) versions.get(0).get("at");
        String before = (String) versions.get(1).get("at");
        String personAt = "schedules.find { it.schedule == 'shop-primary' }.person";
        given().auth()
                .oauth2(viewer)
                .queryParam("at", before)
                .get(stack.notifyUrl() + "/api/v1/oncall")
                .then()
                .statusCode(200)
                .body(personAt, not(equalTo("erin")))
                .body(personAt, notNullValue());
        given().auth()
                .oauth2(viewer)
                .queryParam("at", erinsVersion)
                .get(stack.notifyUrl() + "/api/v1/oncall")
                .then()
                .statusCode(200)
                .body(personAt, equalTo("erin"));
        given().auth()
                .oauth2(admin)
                .get(stack.notifyUrl() + "/api/v1/admin/oncall-config/versions/" + before + "/yaml")
                .then()
                .statusCode(200)
                .body(containsString("members: [alice, bob, carol]"));
        given().auth()
                .oauth2(admin)
                .get(stack.notifyUrl() + "/api/v1/admin/oncall-config/versions/2001-01-01T00:00:00Z/yaml")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .queryParam("reason", "line\u0007bell")
                .body(sample.getBytes(StandardCharsets.UTF_8))
                .put(stack.notifyUrl() + "/api/v1/admin/oncall-config")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        put(sample).then().statusCode(200);
    }

    @Test
    void aViewerReadsTheEscalationPoliciesThatPageForTheirProductsWithEachLevelsTargetsNamed() {
        put(sample).then().statusCode(200);
        given().auth()
                .oauth2(viewer)
                .get(stack.notifyUrl() + "/api/v1/escalation-policies")
                .then()
                .statusCode(200)
                .body("id", contains("shop"))
                .body("[0].name", equalTo("Shop"))
                .body("[0].repeat", equalTo(1))
                .body("[0].levels.timeout", contains("PT5M", "PT10M"))
                .body("[0].levels[0].targets.kind", contains("schedule", "channel"))
                .body("[0].levels[0].targets[0].name", equalTo("Shop, primary"))
                .body("[0].levels[0].targets[0].who", equalTo("on-call"))
                .body("[0].levels[1].targets[0].name", equalTo("Erin Example (engineering manager)"))
                .body("[0].routes.isDefault", contains(true, false))
                .body("[0].routes[1].products", contains("shop"));
    }

    @Test
    void aPersonOnCallAsksSomeoneToTakePartOfTheirShiftAndOnceAcceptedTheyAreOnCallUntilItIsCancelled() {
        String withBobAsAdmin = sample.replace("    slack: U0BOB000001\n", "    slack: U0BOB000001\n    user: admin\n");
        put(withBobAsAdmin).then().statusCode(200);
        try {
            // alice (the responder user) asks for two hours of her next week in shop-primary, a week or more away
            List<Map<String, Object>> shifts = given().auth()
                    .oauth2(responder)
                    .queryParam("days", 28)
                    .get(stack.notifyUrl() + "/api/v1/oncall/me")
                    .then()
                    .statusCode(200)
                    .body("person", equalTo("alice"))
                    .extract()
                    .jsonPath()
                    .getList("shifts.findAll { it.schedule == 'shop-primary' }");
            Map<String, Object> later = shifts.getLast();
            Instant from = Instant.parse((String) later.get("start"));
            Instant until = from.plus(Duration.ofHours(2));
            Instant during = from.plus(Duration.ofHours(1));
            String personThen = "schedules.find { it.schedule == 'shop-primary' }.person";
            String swap = given().auth()
                    .oauth2(responder)
                    .contentType("application/json")
                    .body(Map.of(
                            "from", from.toString(), "until", until.toString(), "to", "bob", "reason", "a wedding"))
                    .post(stack.notifyUrl() + "/api/v1/schedules/shop-primary/swaps")
                    .then()
                    .statusCode(201)
                    .body("state", equalTo("requested"))
                    .body("requester", equalTo("alice"))
                    .extract()
                    .path("id");
            for (String token : List.of(viewer, responder)) {
                given().auth()
                        .oauth2(token)
                        .post(stack.notifyUrl() + "/api/v1/swaps/" + swap + "/accept")
                        .then()
                        .statusCode(token.equals(viewer) ? 403 : 409)
                        .contentType("application/problem+json");
            }
            given().auth()
                    .oauth2(viewer)
                    .queryParam("at", during.toString())
                    .get(stack.notifyUrl() + "/api/v1/oncall")
                    .then()
                    .body(personThen, equalTo("alice"));
            given().auth()
                    .oauth2(admin)
                    .post(stack.notifyUrl() + "/api/v1/swaps/" + swap + "/accept")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("accepted"))
                    .body("acceptedBy", equalTo("bob"));
            given().auth()
                    .oauth2(viewer)
                    .queryParam("at", during.toString())
                    .get(stack.notifyUrl() + "/api/v1/oncall")
                    .then()
                    .body(personThen, equalTo("bob"));
            // the schedule's calendar agrees: bob for the two hours, alice after them; the swap among its overrides
            given().auth()
                    .oauth2(viewer)
                    .queryParam("from", from.toString())
                    .queryParam("until", until.plus(Duration.ofHours(1)).toString())
                    .get(stack.notifyUrl() + "/api/v1/schedules/shop-primary/shifts")
                    .then()
                    .statusCode(200)
                    .body("shifts.person", contains("bob", "alice"))
                    .body("shifts[0].start", equalTo(from.toString()))
                    .body("shifts[0].end", equalTo(until.toString()))
                    .body("shifts[0].personName", equalTo("Bob Example"))
                    .body("layers[0].name", equalTo("weekly"))
                    .body("layers[0].shifts.person", contains("alice"))
                    .body("overrides.person", contains("bob"));
            given().auth()
                    .oauth2(viewer)
                    .get(stack.notifyUrl() + "/api/v1/schedules/shop-primary/swaps")
                    .then()
                    .statusCode(200)
                    .body("find { it.id == '" + swap + "' }.events.actor", contains("user:responder", "user:admin"))
                    .body("find { it.id == '" + swap + "' }.reason", equalTo("a wedding"));

            // nobody swaps a time that is not theirs; nor a window that ends before it starts
            given().auth()
                    .oauth2(responder)
                    .contentType("application/json")
                    .body(Map.of("from", from.minus(Duration.ofHours(1)).toString(), "until", from.toString()))
                    .post(stack.notifyUrl() + "/api/v1/schedules/shop-primary/swaps")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
            given().auth()
                    .oauth2(responder)
                    .contentType("application/json")
                    .body(Map.of("from", until.toString(), "until", from.toString()))
                    .post(stack.notifyUrl() + "/api/v1/schedules/shop-primary/swaps")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("until"));
            given().auth()
                    .oauth2(viewer)
                    .queryParam("from", from.toString())
                    .queryParam("until", from.plus(Duration.ofDays(63)).toString())
                    .get(stack.notifyUrl() + "/api/v1/schedules/shop-primary/shifts")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("until"));
            given().auth()
                    .oauth2(viewer)
                    .queryParam("from", "yesterday")
                    .get(stack.notifyUrl() + "/api/v1/schedules/shop-primary/shifts")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("from"));
            given().auth()
                    .oauth2(viewer)
                    .get(stack.notifyUrl() + "/api/v1/schedules/no-such-schedule/shifts")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");

            given().auth()
                    .oauth2(responder)
                    .post(stack.notifyUrl() + "/api/v1/swaps/" + swap + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("cancelled"));
            given().auth()
                    .oauth2(viewer)
                    .queryParam("at", during.toString())
                    .get(stack.notifyUrl() + "/api/v1/oncall")
                    .then()
                    .body(personThen, equalTo("alice"));
        } finally {
            put(sample).then().statusCode(200);
        }
    }

    @Test
    void changesOnePersonAtATimeAsAVersionOfItsOwnAndRefusesToRemoveSomeoneStillOnARotation() {
        put(sample).then().statusCode(200);
        String config = stack.notifyUrl() + "/api/v1/admin/oncall-config";
        given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .queryParam("reason", "Dana joins the team")
                .body("{name: Dana Example, timeZone: Asia/Tokyo, email: dana@example.com}"
                        .getBytes(StandardCharsets.UTF_8))
                .put(config + "/people/dana")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .get(config + "/versions")
                .then()
                .body("[0].source", equalTo("PUT people/dana by admin"))
                .body("[0].reason", equalTo("Dana joins the team"));
        given().auth().oauth2(admin).get(config + "/yaml").then().body(containsString("dana@example.com"));
        given().auth()
                .oauth2(admin)
                .delete(config + "/people/carol")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.detail", hasItem("no person named carol"));
        given().auth().oauth2(admin).delete(config + "/people/dana").then().statusCode(200);
        given().auth()
                .oauth2(admin)
                .delete(config + "/people/dana")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        put(sample).then().statusCode(200);
    }

    @Test
    void everyWriteToTheConfigurationLogsAnAuditLine() {
        put("people: [").then().statusCode(400);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.readString(stack.logs().resolve("notify-service.log"))
                        .lines()
                        .anyMatch(line -> line.contains("\"audit\":\"write\"")
                                && line.contains("\"service\":\"notify-service\"")
                                && line.contains("\"actor\":\"user:admin\"")
                                && line.contains("/api/v1/admin/oncall-config")
                                && line.contains("\"status\":400")));
    }
}
