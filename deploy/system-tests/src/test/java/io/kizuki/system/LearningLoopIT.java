package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.asViewer;
import static io.kizuki.system.StackClient.incidentsWithDedupKey;
import static io.kizuki.system.StackClient.postAlertmanager;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;

import io.kizuki.bench.Tools;
import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.event.PostmortemPublished;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The learning loop through the real stack: an incident, its postmortem drafted from the ledger, written section by
 * section (the blameless check warns), the close guard, publication, the knowledge feed (validated as JSON Feed 1.1
 * against the spec's schema and parsed as Atom by Rome) and the knowledge topic (read with kcat too, as another team
 * without Java would), adoption by another product's team, the adoption board, overdue actions, Markdown and HTML,
 * and a recurrence after the prevention was done.
 */
class LearningLoopIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;
    private static String responderOfPayments;

    @BeforeAll
    static void setUp() {
        stack = SharedStack.get();
        responderOfPayments = Keycloak.userOfProduct("responder-payments", "responder", "payments");
    }

    /** Writes what a postmortem needs to be published (factors and lessons) and publishes it. */
    static void writeAndPublishPostmortem(String incidentUrl) {
        asResponder()
                .contentType(ContentType.JSON)
                .body("""
                {"factors":[{"category":"capacity","text":"the pool was sized for last year's traffic"}]}""")
                .put(incidentUrl + "/postmortem/contributing-factors")
                .then()
                .statusCode(200);
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"text\":\"Size pools from load tests.\"}")
                .put(incidentUrl + "/postmortem/lessons")
                .then()
                .statusCode(200);
        asResponder().post(incidentUrl + "/postmortem/publish").then().statusCode(200);
    }

    @Test
    void anIncidentsLessonsReachEveryProductAndARecurrenceAfterItsPreventionIsFlagged() throws Exception {
        String service = "learn-" + UUID.randomUUID().toString().substring(0, 8);
        String firing = samplePayload()
                .replace(SAMPLE_GROUP_KEY, "{}:{learn=" + service + "}")
                .replace("shop-checkout", service);
        String dedupKey =
                postAlertmanager(firing).then().statusCode(202).extract().path("dedupKey");
        String incident = await().atMost(PATIENCE)
                .until(() -> incidentsWithDedupKey(dedupKey), ids -> ids.size() == 1)
                .getFirst();
        String url = stack.incidentUrl() + "/api/v1/incidents/" + incident;
        String report = stack.reportUrl() + "/api/v1/incidents/" + incident;
        Map<TopicPartition, Long> knowledgeBefore;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            knowledgeBefore = topics.endOffsets(Topics.KNOWLEDGE);
        }
        asResponder().post(url + "/acknowledge").then().statusCode(200);
        asResponder().post(url + "/resolve").then().statusCode(200);

        // drafted from the ledger: facts, no person
        JsonPath draft = await().atMost(PATIENCE)
                .until(
                        () -> asViewer()
                                .get(report + "/postmortem")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        pm -> "RESOLVED".equals(pm.getString("incidentStatus")));
        assertThat(draft.getString("status")).isEqualTo("none");
        assertThat(draft.getBoolean("summaryDrafted")).isTrue();
        assertThat(draft.getString("summary"))
                .contains("incident on " + service, "resolved after")
                .doesNotContain("responder");
        assertThat(draft.getList("impact.affectedServices")).containsExactly(service);
        assertThat(draft.getLong("impact.timeToResolveSeconds")).isNotNull();
        assertThat(draft.getList("timeline.kind")).contains("opened", "status");
        assertThat(draft.getList("alerts")).hasSize(1);

        // written section by section; the blameless check warns, the edit stands
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"text\":\"The responder restarted the wrong pod: human error.\"}")
                .put(url + "/postmortem/went-badly")
                .then()
                .statusCode(200)
                .body("events[0].type", equalTo("kizuki.incident.postmortem-edited.v1"))
                .body("events[0].data.warnings.find { it.startsWith('names responder') }", not(equalTo(null)))
                .body("events[0].data.warnings.find { it.contains('human error') }", not(equalTo(null)));
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"factors\":[{\"category\":\"bad-luck\",\"text\":\"x\"}]}")
                .put(url + "/postmortem/contributing-factors")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("factors[0].category"));
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"text\":\"x\"}")
                .put(url + "/postmortem/blame")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("section"));
        asResponder()
                .contentType(ContentType.JSON)
                .body("""
                {"factors":[{"category":"missing-non-functional-verification",
                             "text":"the pool size change was never load-tested"},
                            {"category":"observability-gap","text":"no alert on pool saturation"}]}""")
                .put(url + "/postmortem/contributing-factors")
                .then()
                .statusCode(200)
                .body("events[0].data.warnings.size()", equalTo(0));
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"text\":\"A pool size is a capacity decision <script>: load-test it.\"}")
                .put(url + "/postmortem/lessons")
                .then()
                .statusCode(200);
        String prevention = asResponder()
                .contentType(ContentType.JSON)
                .body("""
                {"title":"Load-test pool sizes before release","kind":"prevention","owner":"pat",
                 "dueDate":"2026-01-10"}""")
                .post(url + "/action-items")
                .then()
                .statusCode(200)
                .extract()
                .path("events[0].data.actionItemId");
        asResponder()
                .contentType(ContentType.JSON)
                .body("""
                {"title":"Alert on pool saturation","kind":"detection","owner":"pat","dueDate":"2099-01-01"}""")
                .post(url + "/action-items")
                .then()
                .statusCode(200);

        // the close guard names what is missing
        asResponder()
                .post(url + "/close")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("missing: a published postmortem."));
        asResponder()
                .post(url + "/postmortem/publish")
                .then()
                .statusCode(200)
                .body("events[0].type", equalTo(PostmortemPublished.TYPE))
                .body("events[0].data.preventionActions.actionItemId", equalTo(List.of(prevention)));
        asResponder().post(url + "/postmortem/publish").then().statusCode(409);
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"text\":\"later\"}")
                .put(url + "/postmortem/lessons")
                .then()
                .statusCode(409)
                .body("detail", containsString("published"));
        asResponder().post(url + "/close").then().statusCode(200).body("status", equalTo("CLOSED"));

        // rendered: JSON, Markdown, HTML (escaped)
        await().atMost(PATIENCE).until(() -> asViewer()
                .get(report + "/postmortem")
                .then()
                .extract()
                .jsonPath()
                .getString("status")
                .equals("published"));
        String markdown = asViewer()
                .accept("text/markdown")
                .get(report + "/postmortem")
                .then()
                .statusCode(200)
                .contentType(containsString("text/markdown"))
                .extract()
                .asString();
        assertThat(markdown)
                .startsWith("# Postmortem: ")
                .contains(
                        "## Contributing factors",
                        "**missing-non-functional-verification**: the pool size change was never load-tested",
                        "## Lessons",
                        "A pool size is a capacity decision",
                        "- [ ] **prevention**: Load-test pool sizes before release",
                        "## Timeline");
        assertThat(markdown).as("text from outside is text, not HTML").doesNotContain("<script>");
        String html = asViewer()
                .queryParam("format", "html")
                .get(report + "/postmortem")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<h2>Lessons</h2>", "capacity decision &lt;script&gt;")
                .doesNotContain("<script>");

        // the feed: JSON Feed 1.1 and Atom, and the knowledge topic
        String itemId = "urn:kizuki:postmortem:" + incident;
        String feed = await().atMost(PATIENCE)
                .until(
                        () -> asViewer()
                                .get(stack.reportUrl() + "/api/v1/knowledge/feed.json")
                                .then()
                                .statusCode(200)
                                .contentType("application/feed+json")
                                .extract()
                                .asString(),
                        body -> body.contains(itemId));
        assertThat(validateJsonFeed(feed)).isEmpty();
        JsonNode item = item(feed, itemId);
        assertThat(item.path("content_text").asText())
                .contains("Load-test pool sizes before release", "A pool size is a capacity decision");
        assertThat(item.path("_kizuki").path("preventionHeld").asBoolean()).isTrue();
        assertThat(item.path("tags").toString()).contains("missing-non-functional-verification", "observability-gap");
        // a viewer of another product reads the feed too: it is what the organisation shares
        String atom = given().auth()
                .oauth2(Keycloak.userOfProduct("viewer-payments", "viewer", "payments"))
                .get(stack.reportUrl() + "/api/v1/knowledge/feed.atom")
                .then()
                .statusCode(200)
                .contentType(containsString("application/atom+xml"))
                .extract()
                .asString();
        SyndFeed parsed = new SyndFeedInput().build(new StringReader(atom));
        assertThat(parsed.getFeedType()).isEqualTo("atom_1.0");
        SyndEntry entry = parsed.getEntries().stream()
                .filter(e -> itemId.equals(e.getUri()))
                .findFirst()
                .orElseThrow();
        assertThat(entry.getTitle()).startsWith("Lessons from ");
        assertThat(entry.getCategories()).extracting(SyndCategory::getName).contains("observability-gap");
        assertThat(entry.getPublishedDate()).isNotNull();
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            List<ConsumerRecord<String, byte[]>> shared = await().atMost(PATIENCE)
                    .until(
                            () -> topics.recordsSince(knowledgeBefore, Topics.KNOWLEDGE).stream()
                                    .filter(r -> incident.equals(r.key()))
                                    .toList(),
                            records -> !records.isEmpty());
            assertThat(new String(
                            shared.getFirst().headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                    .isEqualTo(PostmortemPublished.TYPE);
            readByAnotherTeamWithKcat(shared.getFirst(), incident);
        }

        // another product's team answers for its own product; the board shows it
        String adoptions = url + "/action-items/" + prevention + "/adoptions/";
        given().auth()
                .oauth2(responderOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"status\":\"not-applicable\"}")
                .put(adoptions + "payments")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("note"));
        given().auth()
                .oauth2(responderOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"status\":\"adopted\",\"note\":\"payments load-tests its pools since release 42\"}")
                .put(adoptions + "payments")
                .then()
                .statusCode(200)
                .body("events[0].data.adoptingProduct", equalTo("payments"));
        given().auth()
                .oauth2(responderOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"status\":\"adopted\"}")
                .put(url + "/action-items/ai-none/adoptions/payments")
                .then()
                .statusCode(404);
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"status\":\"adopted\"}")
                .put(adoptions + "shop")
                .then()
                .statusCode(409)
                .body("detail", containsString("shared this action"));
        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.reportUrl() + "/api/v1/knowledge/adoption")
                .then()
                .statusCode(200)
                .body("actions.find { it.actionItemId == '" + prevention + "' }.answers.payments", equalTo("adopted"))
                .body("actions.find { it.actionItemId == '" + prevention + "' }.sharedBy", equalTo("shop"))
                .body("byProduct.find { it.product == 'payments' }.adopted", greaterThan(0)));

        // overdue until done
        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.reportUrl() + "/api/v1/action-items/overdue")
                .then()
                .statusCode(200)
                .body("byOwner.find { it.owner == 'pat' }.actions.actionItemId", hasItem(prevention))
                .body("byTeam.find { it.team == 'shop' }.actions.actionItemId", hasItem(prevention)));
        asResponder()
                .post(url + "/action-items/" + prevention + "/complete")
                .then()
                .statusCode(200);
        await().atMost(PATIENCE).until(() -> !asViewer()
                .get(stack.reportUrl() + "/api/v1/action-items/overdue")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .contains(prevention));

        // the same alert group again, after its prevention was done: prevention did not hold
        postAlertmanager(firing).then().statusCode(202);
        String recurrence =
                await().atMost(PATIENCE).until(() -> incidentsWithDedupKey(dedupKey), ids -> ids.size() == 2).stream()
                        .filter(id -> !id.equals(incident))
                        .findFirst()
                        .orElseThrow();
        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(report)
                .then()
                .statusCode(200)
                .body("preventionDidNotHold", equalTo(true))
                .body("recurrenceFlags.otherIncidentId", equalTo(List.of(recurrence)))
                .body("recurrenceFlags.relation", equalTo(List.of("recurred-as"))));
        asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + recurrence)
                .then()
                .statusCode(200)
                .body("recurrenceFlags.otherIncidentId", equalTo(List.of(incident)))
                .body("recurrenceFlags.relation", equalTo(List.of("recurrence-of")))
                .body("preventionDidNotHold", equalTo(false));
        asViewer()
                .queryParam("kind", "recurrence")
                .get(report + "/timeline")
                .then()
                .statusCode(200)
                .body("actor", equalTo(List.of("client:kizuki-report-service")));
        String flagged = await().atMost(PATIENCE)
                .until(
                        () -> asViewer()
                                .get(stack.reportUrl() + "/api/v1/knowledge/feed.json")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString(),
                        body -> !item(body, itemId)
                                .path("_kizuki")
                                .path("preventionHeld")
                                .asBoolean());
        assertThat(validateJsonFeed(flagged)).isEmpty();
        assertThat(item(flagged, itemId).path("title").asText()).startsWith("Prevention did not hold");
        assertThat(item(flagged, itemId).path("tags").toString()).contains("prevention-did-not-hold");

        // another alert group of the same service and class: alike too, by service and class
        String sameKind = samplePayload()
                .replace(SAMPLE_GROUP_KEY, "{}:{learn=" + service + "-other}")
                .replace("shop-checkout", service);
        String otherKey =
                postAlertmanager(sameKind).then().statusCode(202).extract().path("dedupKey");
        String alike = await().atMost(PATIENCE)
                .until(() -> incidentsWithDedupKey(otherKey), ids -> ids.size() == 1)
                .getFirst();
        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + alike)
                .then()
                .statusCode(200)
                .body("recurrenceFlags.otherIncidentId", equalTo(List.of(incident)))
                .body("recurrenceFlags.matchedBy", equalTo(List.of("service-and-class"))));
        asViewer()
                .get(report)
                .then()
                .statusCode(200)
                .body("recurrenceFlags.otherIncidentId", equalTo(List.of(recurrence, alike)))
                .body("recurrenceFlags.matchedBy", equalTo(List.of("dedup-key", "service-and-class")));

        // another product's incident of the same service and class: not this product's history, never flagged
        String admin = Keycloak.user("admin", "admin");
        String paymentsKey = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", service + "-payments", "product", "payments"))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .extract()
                .path("routingKey");
        String theirs = samplePayload()
                .replace(SAMPLE_GROUP_KEY, "{}:{learn=" + service + "-payments}")
                .replace("shop-checkout", service)
                .replace("\"product\": \"shop\"", "\"product\": \"payments\"");
        String theirKey = given().auth()
                .oauth2(paymentsKey)
                .contentType(ContentType.JSON)
                .body(theirs)
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(202)
                .extract()
                .path("dedupKey");
        String their = await().atMost(PATIENCE)
                .until(
                        () -> given().auth()
                                .oauth2(admin)
                                .queryParam("limit", 500)
                                .get(stack.reportUrl() + "/api/v1/incidents")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("findAll { it.dedupKey == '" + theirKey + "' }.id", String.class),
                        ids -> ids.size() == 1)
                .getFirst();
        await().during(Duration.ofSeconds(5)).atMost(PATIENCE).until(() -> given().auth()
                .oauth2(admin)
                .get(stack.reportUrl() + "/api/v1/incidents/" + their)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("recurrenceFlags")
                .isEmpty());
        asViewer()
                .get(report)
                .then()
                .statusCode(200)
                .body("recurrenceFlags.otherIncidentId", equalTo(List.of(recurrence, alike)));

        // which organisational gap costs the most
        asViewer()
                .get(stack.reportUrl() + "/api/v1/metrics/contributing-factors")
                .then()
                .statusCode(200)
                .body(
                        "find { it.category == 'missing-non-functional-verification' }.incidents",
                        greaterThanOrEqualTo(1));
        asViewer()
                .queryParam("groupBy", "week")
                .get(stack.reportUrl() + "/api/v1/metrics/contributing-factors")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("groupBy"));
    }

    /**
     * Another team reads the same record as docs/events.md shows, with kcat (librdkafka, no Java): the CloudEvents
     * headers and the data are all it needs, and the data is valid against the JSON Schema incident-service publishes
     * for its {@code ce_type}.
     */
    private static void readByAnotherTeamWithKcat(ConsumerRecord<String, byte[]> record, String incident)
            throws IOException, InterruptedException {
        Tools.require("reading the knowledge feed with kcat", List.of("kcat"), List.of("kcat"));
        String line = Commands.run(
                        Path.of("."),
                        Duration.ofMinutes(1),
                        List.of(
                                "kcat",
                                "-C",
                                "-b",
                                stack.kafkaBootstrapServers(),
                                "-t",
                                Topics.KNOWLEDGE,
                                "-p",
                                Integer.toString(record.partition()),
                                "-o",
                                Long.toString(record.offset()),
                                "-c",
                                "1",
                                "-e",
                                "-q",
                                "-J"))
                .strip();
        JsonNode read = JSON.readTree(line);
        Map<String, String> headers = new HashMap<>();
        JsonNode pairs = read.path("headers");
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            headers.put(pairs.get(i).asText(), pairs.get(i + 1).asText());
        }
        assertThat(read.path("key").asText()).isEqualTo(incident);
        assertThat(headers)
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", PostmortemPublished.TYPE)
                .containsEntry("ce_subject", incident)
                .containsEntry(
                        "ce_id", new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                .containsKey("ce_hash");
        JsonNode data = JSON.readTree(read.path("payload").asText());
        assertThat(data.path("incidentId").asText()).isEqualTo(incident);
        assertThat(AsyncApiIT.schema(stack.incidentUrl(), headers.get("ce_type"))
                        .validate(data))
                .isEmpty();
    }

    private static JsonNode item(String feed, String id) {
        JsonNode items;
        try {
            items = JSON.readTree(feed).path("items");
        } catch (IOException e) {
            throw new AssertionError("the feed is not JSON: " + feed, e);
        }
        for (JsonNode item : items) {
            if (id.equals(item.path("id").asText())) {
                return item;
            }
        }
        throw new AssertionError("no item " + id + " in " + feed);
    }

    private static Set<ValidationMessage> validateJsonFeed(String feed) throws Exception {
        try (InputStream schema = LearningLoopIT.class.getResourceAsStream("/jsonfeed-1.1.schema.json")) {
            JsonSchema jsonFeed =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
            return jsonFeed.validate(JSON.readTree(feed));
        }
    }
}
