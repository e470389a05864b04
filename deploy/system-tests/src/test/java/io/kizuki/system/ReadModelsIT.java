package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.bench.Quiet;
import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.RecordPage;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The read models as pure functions of the ledger: a mixed workload of more than 10,000 events through the real
 * stack, every read model queried, then a rebuild from offset 0 while the live models serve, which must give the same
 * digests.
 */
class ReadModelsIT {

    private static final int STORMS = 4;
    private static final int ALERTS_PER_STORM = 2_500;
    private static final int DECLARED = 40;
    private static final int REBUILD_ATTEMPTS = 3;
    private static final List<String> MODELS =
            List.of("changes", "incidents", "learning", "metrics", "oncall", "timeline");
    private static final WireCodec CODEC = new WireCodec();

    private static LocalStack stack;
    private static String run;

    /** When the responders say they rolled back: an hour before they recorded it. */
    private static final Instant ROLLED_BACK =
            Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    private static final List<String> declared = new ArrayList<>();
    private static String storm;
    private static Map<TopicPartition, Long> deadLettersBefore;

    @BeforeAll
    static void driveAMixedWorkload() throws Exception {
        stack = SharedStack.get();
        run = "rm" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            deadLettersBefore = topics.endOffsets(Topics.DEAD_LETTERS);
        }
        for (int change = 0; change < 20; change++) {
            given().auth()
                    .oauth2(LocalStack.DEV_ROUTING_KEY)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "service",
                            service(change % 2),
                            "product",
                            "shop",
                            "kind",
                            "deploy",
                            "version",
                            "1." + change,
                            "summary",
                            "release " + change))
                    .post(stack.incidentUrl() + "/api/v1/changes")
                    .then()
                    .statusCode(201);
        }
        for (int i = 0; i < DECLARED; i++) {
            String id = asResponder()
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "title",
                            run + " declared " + i,
                            "product",
                            "shop",
                            "service",
                            service(i % 2),
                            "severity",
                            i % 4 == 0 ? "SEV2" : "SEV3",
                            "commander",
                            "alice"))
                    .post(stack.incidentUrl() + "/api/v1/incidents")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("events[0].data.incidentId");
            declared.add(id);
            respond(id, i);
        }
        // the storms last: commands queue behind their alerts on kizuki.commands.v1
        for (int i = 0; i < STORMS; i++) {
            String dedupKey = given().auth()
                    .oauth2(LocalStack.DEV_ROUTING_KEY)
                    .contentType(ContentType.JSON)
                    .body(webhook("{}:{storm=\"" + run + "-" + i + "\"}", ALERTS_PER_STORM))
                    .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("dedupKey");
            if (i == 0) {
                storm = dedupKey;
            }
        }
        try (var producer = producer()) {
            Instant night = Instant.parse("2026-11-21T01:30:00Z");
            for (int page = 0; page < 6; page++) {
                Instant at = page < 3 ? night.plusSeconds(600L * page) : Instant.parse("2026-11-18T10:00:00Z");
                String incident = declared.get(page);
                var command =
                        new RecordPage(incident, run + "-page-" + page, run + "-bob", "Europe/Berlin", "slack", 1, at);
                var record = record(Topics.SERVICE_COMMANDS, incident, RecordPage.TYPE, CODEC.encode(command));
                // pages are notify-service's to record: its service account's token goes with the command
                record.headers()
                        .add(
                                CommandAuthorization.HEADER,
                                ("Bearer " + Keycloak.client("kizuki-notify-service", "dev-only-notify-service-secret"))
                                        .getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
            producer.send(record(
                            Topics.LEDGER,
                            run + "-x",
                            "kizuki.incident.from-the-future.v1",
                            "{\"incidentId\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                    .get();
            producer.send(record(
                            Topics.LEDGER,
                            run + "-y",
                            "kizuki.incident.acknowledged.v1",
                            "not json".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        await().atMost(PATIENCE).until(() -> Quiet.await(stack.kafkaBootstrapServers(), PATIENCE) != null);
        await().atMost(PATIENCE)
                .until(() -> asViewer()
                                .queryParam("person", run + "-bob")
                                .get(stack.reportUrl() + "/api/v1/oncall/burden")
                                .then()
                                .extract()
                                .jsonPath()
                                .getInt("sum { it.pages }")
                        == 6);
    }

    /** A responder's work on a declared incident; which steps depends on {@code i}. */
    private static void respond(String id, int i) {
        String url = stack.incidentUrl() + "/api/v1/incidents/" + id;
        command(url + "/roles", "{\"role\":\"sre\",\"assignee\":\"dan\"}");
        command(url + "/status", "{\"status\":\"investigating\",\"note\":\"looking\"}");
        if (i % 4 == 0) {
            command(url + "/severity", "{\"severity\":\"SEV1\",\"reason\":\"every checkout fails\"}");
        }
        command(
                url + "/timeline",
                "{\"kind\":\"action\",\"action\":\"rollback\",\"text\":\"rolled back, | x\",\"occurredAt\":\""
                        + ROLLED_BACK + "\"}");
        command(url + "/timeline", "{\"kind\":\"note\",\"text\":\"=cmd() looks fine\"}");
        if (i % 5 == 4) {
            return;
        }
        command(url + "/resolve", null);
        if (i % 3 == 0) {
            command(url + "/reopen", "{\"reason\":\"back again\"}");
            command(url + "/resolve", null);
        }
        if (i % 2 == 0) {
            command(
                    url + "/action-items",
                    "{\"title\":\"Load-test the pool\",\"kind\":\"prevention\",\"owner\":\"alice\","
                            + "\"dueDate\":\"2026-12-15\"}");
            LearningLoopIT.writeAndPublishPostmortem(url);
            command(url + "/close", null);
        }
    }

    @Test
    void listsFilterSortAndPageWithACursor() {
        String incidents = stack.reportUrl() + "/api/v1/incidents";
        List<String> all = asViewer()
                .queryParam("q", run + " declared")
                .queryParam("limit", 500)
                .get(incidents)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
        assertThat(all).containsExactlyInAnyOrderElementsOf(declared);

        Set<String> paged = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = asViewer()
                    .queryParam("q", run + " declared")
                    .queryParam("limit", 7)
                    .queryParam("sort", "severity");
            Response page = (cursor == null ? request : request.queryParam("cursor", cursor)).get(incidents);
            page.then().statusCode(200);
            List<String> ids = page.jsonPath().getList("id");
            assertThat(paged).as("no incident on two pages").doesNotContainAnyElementsOf(ids);
            paged.addAll(ids);
            cursor = page.header("X-Next-Cursor");
            pages++;
        } while (cursor != null);
        assertThat(paged).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(pages).isEqualTo(DECLARED / 7 + 1);

        asViewer()
                .queryParam("q", run + " declared")
                .queryParam("severity", "sev1")
                .queryParam("limit", 500)
                .get(incidents)
                .then()
                .statusCode(200)
                .body("", hasSize(DECLARED / 4))
                .body("severity", everyItem(equalTo("SEV1")));
        asViewer()
                .queryParam("q", run + " declared")
                .queryParam("status", "closed,resolved")
                .queryParam("service", service(0))
                .queryParam("limit", 500)
                .get(incidents)
                .then()
                .statusCode(200)
                .body("service", everyItem(equalTo(service(0))))
                .body("status", everyItem(in(List.of("CLOSED", "RESOLVED"))))
                .body("", hasSize(16));
        asViewer()
                .queryParam("q", run + " declared")
                .queryParam("from", Instant.now().plusSeconds(60).toString())
                .get(incidents)
                .then()
                .statusCode(200)
                .body("", hasSize(0));
    }

    @Test
    void refusesQueryParametersThatDoNotFitNamingThem() {
        String incidents = stack.reportUrl() + "/api/v1/incidents";
        Map.of("status", "sleeping", "limit", "501", "sort", "name", "cursor", "garbage!", "from", "yesterday")
                .forEach((name, value) -> asViewer()
                        .queryParam(name, value)
                        .get(incidents)
                        .then()
                        .statusCode(400)
                        .contentType(startsWith("application/problem+json"))
                        .body("errors[0].field", equalTo(name)));
        for (String url : List.of(incidents, stack.reportUrl() + "/api/v1/changes")) {
            asViewer()
                    .queryParam("limit", "ten")
                    .get(url)
                    .then()
                    .statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("limit"));
        }
        asViewer()
                .queryParam("from", "2026-11-22")
                .queryParam("to", "2026-11-21")
                .get(incidents)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
        asViewer()
                .queryParam("groupBy", "colour")
                .get(stack.reportUrl() + "/api/v1/metrics/incidents")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("groupBy"));
        asViewer()
                .queryParam("asOf", "then")
                .get(incidents + "/" + declared.get(0))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("asOf"));
    }

    @Test
    void showsAnIncidentWithItsRolesSeverityHistoryActionItemsAndTheChangesBeforeIt() {
        JsonPath incident = asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + declared.get(0))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(incident.getString("status")).isEqualTo("CLOSED");
        assertThat(incident.getString("roles.commander")).isEqualTo("alice");
        assertThat(incident.getString("roles.sre")).isEqualTo("dan");
        assertThat(incident.getList("severityHistory.severity")).containsExactly("SEV2", "SEV1");
        assertThat(incident.getList("actionItems.kind")).containsExactly("prevention");
        assertThat(incident.getList("changesBefore.service")).hasSize(10).containsOnly(service(0));
        // the test's page and notify-service's own (declared incidents are paged too; how many depends on when it
        // read them): the count is the timeline's
        int timelinePages = asViewer()
                .queryParam("kind", "page")
                .get(stack.reportUrl() + "/api/v1/incidents/" + declared.get(0) + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("")
                .size();
        assertThat(incident.getLong("pages")).isEqualTo(timelinePages).isPositive();

        String stormId = StackClient.incidentsWithDedupKey(storm).get(0);
        JsonPath stormIncident = asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + stormId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stormIncident.getLong("alertCount")).isEqualTo(ALERTS_PER_STORM);
        assertThat(stormIncident.getList("alerts"))
                .as("the detail carries the first alerts only")
                .hasSize(100);
        // the rest a page at a time, following the Link to the next page
        Set<String> fingerprints = new HashSet<>();
        String next = stack.reportUrl() + "/api/v1/incidents/" + stormId + "/alerts?limit=1000";
        int pages = 0;
        while (next != null) {
            Response page =
                    asViewer().get(next).then().statusCode(200).extract().response();
            fingerprints.addAll(page.jsonPath().getList("fingerprint", String.class));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            pages++;
        }
        assertThat(fingerprints).hasSize(ALERTS_PER_STORM);
        assertThat(pages).isBetween(3, 4);
        asViewer()
                .queryParam("after", "soon")
                .get(stack.reportUrl() + "/api/v1/incidents/" + stormId + "/alerts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("after"));
    }

    @Test
    void travelsBackToHowAnIncidentStoodAtAnInstant() {
        String id = declared.get(0);
        List<Map<String, Object>> entries = asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + id + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        Map<String, Object> investigating = entries.stream()
                .filter(entry -> entry.get("summary").toString().contains("INVESTIGATING"))
                .findFirst()
                .orElseThrow();
        asViewer()
                .queryParam("asOf", investigating.get("at").toString())
                .get(stack.reportUrl() + "/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("INVESTIGATING"))
                .body("severity", equalTo("SEV2"))
                .body("asOf", equalTo(investigating.get("at").toString()));
        asViewer()
                .queryParam("asOf", "2000-01-01T00:00:00Z")
                .get(stack.reportUrl() + "/api/v1/incidents/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void exportsTheTimelineAsJsonMarkdownAndCsvWithEveryActor() {
        String url = stack.reportUrl() + "/api/v1/incidents/" + declared.get(0) + "/timeline";
        asViewer()
                .get(url)
                .then()
                .statusCode(200)
                .body("kind", hasItem("opened"))
                .body("kind", hasItem("role"))
                .body("kind", hasItem("action"))
                .body("kind", hasItem("page"))
                .body("kind", hasItem("severity"))
                .body("find { it.kind == 'action' }.summary", equalTo("[rollback] rolled back, | x"))
                .body("find { it.kind == 'action' }.actor", containsString("responder"));
        asViewer()
                .queryParam("kind", "page")
                .get(url)
                .then()
                .statusCode(200)
                .body("kind", everyItem(equalTo("page")))
                .body("findAll { it.summary == 'Paged " + run + "-bob by slack (level 1)' }", hasSize(1));
        String markdown = asViewer()
                .accept("text/markdown")
                .get(url)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/markdown"))
                .extract()
                .asString();
        assertThat(markdown)
                .startsWith("# Timeline of " + declared.get(0))
                .contains("rolled back, \\| x")
                .as("the entry at when it happened, then when it was recorded")
                .contains("| " + ROLLED_BACK + " (recorded ");
        String csv = asViewer()
                .queryParam("format", "csv")
                .get(url)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
        assertThat(csv.lines().findFirst()).hasValue("sequence,at,kind,type,actor,summary,occurredAt");
        assertThat(csv)
                .contains("\"[rollback] rolled back, | x\"," + ROLLED_BACK)
                .contains(",'=cmd() looks fine");
    }

    @Test
    void reportsChangesMetricsAndOnCallBurden() {
        asViewer()
                .queryParam("service", service(1))
                .queryParam("limit", 500)
                .get(stack.reportUrl() + "/api/v1/changes")
                .then()
                .statusCode(200)
                .body("", hasSize(10))
                .body("service", everyItem(equalTo(service(1))))
                .body("version", hasItem("1.19"));

        JsonPath metrics = asViewer()
                .queryParam("groupBy", "service,severity")
                .queryParam("from", Instant.now().minus(Duration.ofHours(1)).toString())
                .get(stack.reportUrl() + "/api/v1/metrics/incidents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> sev1 =
                metrics.getMap("find { it.group.service == '" + service(0) + "' && it.group.severity == 'SEV1' }");
        assertThat(sev1).containsEntry("incidents", DECLARED / 4);
        assertThat(metrics.getInt("find { it.group.service == '" + service(0)
                        + "' && it.group.severity == 'SEV1' }.timeToAcknowledge.count"))
                .isEqualTo(DECLARED / 4);
        String csv = asViewer()
                .queryParam("groupBy", "week")
                .queryParam("format", "csv")
                .get(stack.reportUrl() + "/api/v1/metrics/incidents")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv).startsWith("week,incidents,acknowledged,mtta_mean_s");

        asViewer()
                .queryParam("person", run + "-bob")
                .get(stack.reportUrl() + "/api/v1/oncall/burden")
                .then()
                .statusCode(200)
                .body("find { it.week == '2026-W47' }.pages", equalTo(6))
                .body("find { it.week == '2026-W47' }.nightPages", equalTo(3))
                .body("find { it.week == '2026-W47' }.nightsDisturbed", equalTo(List.of("2026-11-20")))
                .body("find { it.week == '2026-W47' }.compensatoryLeave.hours", equalTo(4));
    }

    @Test
    void hidesAnotherProductsIncidentExactlyLikeOneThatDoesNotExist() {
        String viewerOfPayments = Keycloak.userOfProduct("payments-viewer", "viewer", "payments");
        for (String path : List.of("", "/timeline")) {
            Response other = given().auth()
                    .oauth2(viewerOfPayments)
                    .get(stack.reportUrl() + "/api/v1/incidents/" + declared.get(0) + path);
            Response missing = given().auth()
                    .oauth2(viewerOfPayments)
                    .get(stack.reportUrl() + "/api/v1/incidents/inc-none" + path);
            assertThat(other.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
            assertThat(other.jsonPath().getString("title"))
                    .isEqualTo(missing.jsonPath().getString("title"));
        }
        given().auth()
                .oauth2(viewerOfPayments)
                .queryParam("person", run + "-bob")
                .get(stack.reportUrl() + "/api/v1/oncall/burden")
                .then()
                .statusCode(200)
                .body("", hasSize(0));
    }

    @Test
    void skipsUnknownTypesAndDeadLettersWhatItCannotReadThenGoesOn() {
        await().atMost(PATIENCE).untilAsserted(this::bothConsumersDeadLetteredTheUnreadableRecord);
        String metrics = given().get(stack.reportUrl() + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics).containsPattern("kizuki_unknown_event_types_total\\{consumer=\"live\"[^}]*} [1-9]");
    }

    private void bothConsumersDeadLetteredTheUnreadableRecord() {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            var deadLetters = topics.recordsSince(deadLettersBefore, Topics.DEAD_LETTERS).stream()
                    .filter(record -> (run + "-y").equals(record.key())
                            && record.headers().lastHeader("dead-letter-consumer") != null)
                    .toList();
            // the read models and the pager each set it aside, and each goes on
            assertThat(deadLetters)
                    .extracting(record -> new String(
                            record.headers().lastHeader("dead-letter-consumer").value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("report-service", "notify-service");
            assertThat(deadLetters).allSatisfy(record -> assertThat(new String(
                            record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .contains("kizuki.incident.acknowledged.v1"));
        }
    }

    @Test
    void rebuildsFromOffsetZeroWhileServingAndEndsWithTheSameDigests() {
        String admin = Keycloak.user("admin", "admin");
        // the shared stack's other incidents escalate 5 minutes after their pages: a rebuild during which the ledger
        // grew ends further on (it applies what came), so only a rebuild on a still ledger can be compared
        boolean compared = false;
        for (int attempt = 0; attempt < REBUILD_ATTEMPTS && !compared; attempt++) {
            compared = rebuildAndCompare(admin);
        }
        assertThat(compared)
                .as("a rebuild on a ledger that held still in " + REBUILD_ATTEMPTS + " attempts")
                .isTrue();
        listsEveryDeclaredIncident();
        await().atMost(PATIENCE).until(() -> Files.readString(stack.logs().resolve("report-service.log"))
                .lines()
                .anyMatch(line -> line.contains("\"audit\":\"write\"")
                        && line.contains("\"service\":\"report-service\"")
                        && line.contains("\"actor\":\"user:admin\"")
                        && line.contains("/api/v1/admin/rebuilds")
                        && line.contains("\"status\":202")));
    }

    /**
     * One rebuild while the live models serve; {@code false} when the ledger grew meanwhile (then the digests cannot
     * be compared), otherwise it asserts the rebuilt models equal the live ones and returns {@code true}.
     */
    private static boolean rebuildAndCompare(String admin) {
        Map<TopicPartition, Long> ledgerBefore = ledgerEnd();
        await().atMost(PATIENCE).until(() -> Quiet.await(stack.kafkaBootstrapServers(), PATIENCE) != null);
        Map<String, Map<String, Object>> before = digests(admin);

        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{}")
                .post(stack.reportUrl() + "/api/v1/admin/rebuilds")
                .then()
                .statusCode(202)
                .body("state", equalTo("RUNNING"))
                .body("readModels", equalTo(MODELS));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{}")
                .post(stack.reportUrl() + "/api/v1/admin/rebuilds")
                .then()
                .statusCode(409);
        listsEveryDeclaredIncident();
        JsonPath done = await().atMost(PATIENCE)
                .until(
                        () -> given().auth()
                                .oauth2(admin)
                                .get(stack.reportUrl() + "/api/v1/admin/rebuilds/current")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        status -> !"RUNNING".equals(status.getString("state")));
        assertThat(done.getString("state")).as(done.prettify()).isEqualTo("SWITCHED");
        assertThat(done.getLong("records")).isGreaterThan(10_000);

        Map<String, Map<String, Object>> after = digests(admin);
        if (!ledgerEnd().equals(ledgerBefore)) {
            return false;
        }
        for (String model : MODELS) {
            assertThat(after.get(model).get("checkpoints"))
                    .as(model + " checkpoints")
                    .isEqualTo(before.get(model).get("checkpoints"));
            assertThat(after.get(model).get("rows"))
                    .as(model + " rows")
                    .isEqualTo(before.get(model).get("rows"));
            assertThat(after.get(model).get("digest"))
                    .as(model + " digest")
                    .isEqualTo(before.get(model).get("digest"));
        }
        return true;
    }

    private static void listsEveryDeclaredIncident() {
        asViewer()
                .queryParam("q", run + " declared")
                .queryParam("limit", 500)
                .get(stack.reportUrl() + "/api/v1/incidents")
                .then()
                .statusCode(200)
                .body("", hasSize(DECLARED));
    }

    private static Map<TopicPartition, Long> ledgerEnd() {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            return topics.endOffsets(Topics.LEDGER);
        }
    }

    private static Map<String, Map<String, Object>> digests(String admin) {
        Map<String, Map<String, Object>> digests = new TreeMap<>();
        for (String model : MODELS) {
            digests.put(
                    model,
                    given().auth()
                            .oauth2(admin)
                            .get(stack.reportUrl() + "/api/v1/admin/read-models/" + model + "/digest")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getMap(""));
        }
        return digests;
    }

    private static String service(int which) {
        return run + "-svc-" + which;
    }

    private static void command(String url, String body) {
        RequestSpecification request = asResponder();
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        int status = request.post(url).then().extract().statusCode();
        assertThat(status).as("POST %s", url).isBetween(200, 299);
    }

    private static String webhook(String groupKey, int alerts) {
        StringBuilder body = new StringBuilder("{\"receiver\":\"kizuki\",\"status\":\"firing\",\"alerts\":[");
        for (int i = 0; i < alerts; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("""
                    {"status":"firing","labels":{"alertname":"DiskFull","service":"%1$s","product":"shop",\
                    "severity":"warning","instance":"db-%2$d"},"annotations":{"summary":"Disk of db-%2$d is full"},\
                    "startsAt":"2026-11-22T03:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"%3$016x"}""".formatted(service(9), i, UUID.randomUUID().getMostSignificantBits()));
        }
        return body.append("],\"groupLabels\":{},\"commonLabels\":{},\"commonAnnotations\":{},")
                .append("\"externalURL\":\"http://alertmanager:9093\",\"version\":\"4\",\"groupKey\":")
                .append('"')
                .append(groupKey.replace("\"", "\\\""))
                .append("\",\"truncatedAlerts\":0}")
                .toString();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, String type, byte[] data) {
        var record = new ProducerRecord<String, byte[]>(topic, key, data);
        CloudEventHeaders.write(
                new Envelope(
                        UUID.randomUUID().toString(),
                        "/kizuki/system-tests",
                        type,
                        key,
                        Instant.now(),
                        topic.equals(Topics.LEDGER) ? 1L : null,
                        null,
                        null,
                        "service-account-kizuki-notify",
                        data),
                record.headers());
        return record;
    }
}
