package io.kizuki.system;

import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.embedded.GatewayStandIn;
import io.kizuki.embedded.LocalStack;
import io.kizuki.embedded.SlackStandIn.Answer;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.ResponderPaged;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Two instances of every service on one broker and one database (a stack of its own: 3 partitions per topic).
 * First, a second notify-service joins while the first one's Slack pages wait out a rate limit: the partitions that
 * move are handed over without a page sent twice. Then a stream of alerts goes to both incident-service instances;
 * in its middle one instance of each service is killed as {@code kill -9} does (incident-service and report-service
 * while they work through the alerts, notify-service once what it sent is recorded: a crash between a delivery and
 * its record re-sends that one notification, the documented at-least-once window) and started again later.
 * Afterwards: every accepted alert is on the ledger once, no incident was opened twice, every page was recorded and
 * sent once, each instance answered the commands it received, and both report-service instances serve the same
 * complete read models. Last, an on-call configuration put to one notify-service is in force on the other too, and
 * this stack texts and calls through an SMS gateway (the stand-in's, not Twilio): a person is texted, their reply
 * signed with the gateway's secret acknowledges as them, and a test reaches their phone both ways.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

    private static final Path ROOT = Path.of(System.getProperty("kizuki.project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    /** A second stack starts beside the shared one: instances start, stop and take partitions over. */
    private static final Duration PATIENCE = StackClient.PATIENCE.multipliedBy(2);

    private static final int ALERTS = 48;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODELS =
            List.of("changes", "incidents", "learning", "metrics", "oncall", "timeline");

    private static LocalStack stack;

    @BeforeAll
    static void startAStackOfItsOwn() {
        stack = LocalStack.start(
                ROOT, LocalStack.Ports.random(), ROOT.resolve("deploy/system-tests/target/two-instances"), "gateway");
    }

    @AfterAll
    static void stopIt() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aPartitionThatMovesWhileItsPagesWaitForSlackIsPagedOnce() throws Exception {
        // one notify-service owns every partition; Slack has each incident's first page wait 20 s (429, Retry-After)
        int incidents = 6;
        Answer[] waits = new Answer[incidents];
        Arrays.fill(waits, new Answer(429, "rate_limited", "20"));
        stack.slack().answerNext(LocalStack.SHOP_CHANNEL_PATH, waits);
        String label = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < incidents; i++) {
            alert(stack.url("incident-service"), label, i);
        }
        await().atMost(PATIENCE).until(() -> stack.slack().refused().size() >= incidents);
        // a second instance joins while those pages wait: partitions move to it
        stack.startInstance("notify-service");

        String viewer = Keycloak.devUser(stack, "viewer");
        Map<String, String> opened = await().atMost(PATIENCE)
                .until(() -> incidents(stack.reportUrl(), viewer, label), found -> found.size() == incidents);
        await().atMost(PATIENCE)
                .until(() -> slackDeliveries(opened.values()).keySet().containsAll(opened.values()));
        // what Slack, the SMTP server and the webhook received comes to what the ledger records as delivered: a page
        // sent by both instances would stay one more
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(received(stack, opened.values()))
                .as("notifications received")
                .isEqualTo(deliveries(stack, opened.values())));
        Map<String, Long> delivered = slackDeliveries(opened.values());
        for (String incident : opened.values()) {
            assertThat(stack.slack().messages().stream()
                            .filter(m -> m.path("payload").toString().contains(incident))
                            .count())
                    .as("Slack messages of " + incident)
                    .isEqualTo(delivered.get(incident))
                    .isOne();
        }
    }

    @Test
    @Order(2)
    void twoInstancesOfEveryServiceWithOneOfEachKilledLoseNothingAndDoNothingTwice() throws Exception {
        String incident2 = stack.startInstance("incident-service");
        String notify2 = stack.servicePids().containsKey("notify-service-2")
                ? "notify-service-2"
                : stack.startInstance("notify-service");
        String report2 = stack.startInstance("report-service");
        List<String> ingestion = List.of(stack.url("incident-service"), stack.url(incident2));
        String label = UUID.randomUUID().toString().substring(0, 8);
        String viewer = Keycloak.devUser(stack, "viewer");

        // the first half of the stream, to both instances; then kill -9 incident-service and report-service while
        // the deciders and the projection work through it
        List<String> dedupKeys = new ArrayList<>();
        for (int i = 0; i < ALERTS / 2; i++) {
            dedupKeys.add(alert(ingestion.get(i % 2), label, i));
        }
        stack.kill("incident-service");
        stack.kill("report-service");

        // notify-service and notify-service-2 share the paging; once every notification of the first half that
        // reached Slack, the SMTP server or a webhook is recorded, kill -9 the first
        Map<String, String> firstHalf = await().atMost(PATIENCE)
                .until(() -> incidents(stack.url(report2), viewer, label), found -> found.size() == ALERTS / 2);
        await().atMost(PATIENCE)
                .until(() -> deliveredIncidents(stack).keySet().containsAll(firstHalf.values())
                        && received(stack, firstHalf.values()) == deliveries(stack, firstHalf.values()));
        stack.kill("notify-service");

        // the second half, to the surviving incident-service while the others are down, then to both again
        for (int i = ALERTS / 2; i < ALERTS * 3 / 4; i++) {
            dedupKeys.add(alert(stack.url(incident2), label, i));
        }
        stack.start("incident-service");
        stack.start("report-service");
        stack.start("notify-service");
        for (int i = ALERTS * 3 / 4; i < ALERTS; i++) {
            dedupKeys.add(alert(ingestion.get(i % 2), label, i));
        }

        Map<String, String> all = await().atMost(PATIENCE)
                .until(() -> incidents(stack.reportUrl(), viewer, label), found -> found.size() == ALERTS);
        assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(dedupKeys);
        // every incident is paged (an incident acknowledged before anyone was paged is not paged at all)
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(undelivered(all.values()))
                .as("incidents not paged")
                .isEmpty());

        // commands to both instances; whichever receives one answers it (a decision that takes longer than the
        // command timeout is a 202, decided later)
        String responder = Keycloak.devUser(stack, "responder");
        Map<String, Integer> answered = new TreeMap<>();
        int n = 0;
        for (String incident : all.values()) {
            String instance = ingestion.get(n++ % 2);
            int status = given().auth()
                    .oauth2(responder)
                    .post(instance + "/api/v1/incidents/" + incident + "/acknowledge")
                    .then()
                    .extract()
                    .statusCode();
            assertThat(status).as(instance + " acknowledging " + incident).isIn(200, 202);
            answered.merge(instance + " " + status, 1, Integer::sum);
        }
        assertThat(answered)
                .as("answers per instance")
                .containsKeys(ingestion.get(0) + " 200", ingestion.get(1) + " 200");
        await().atMost(PATIENCE)
                .until(() -> given().auth()
                                .oauth2(viewer)
                                .queryParam("q", label)
                                .queryParam("status", "acknowledged")
                                .queryParam("limit", 500)
                                .get(stack.url(report2) + "/api/v1/incidents")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("id")
                                .size()
                        == ALERTS);

        // every accepted alert once as a signal and once on the ledger; no incident opened twice
        List<ConsumerRecord<String, byte[]>> signals = records(stack, Topics.SIGNALS);
        Map<String, Long> signalsPerKey = signals.stream()
                .filter(r -> dedupKeys.contains(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(signalsPerKey)
                .hasSize(ALERTS)
                .allSatisfy((key, count) -> assertThat(count).as(key).isOne());
        Map<String, List<JsonNode>> ledger = ledgerByType(stack);
        Map<String, Long> openings = ledger.getOrDefault(IncidentOpened.TYPE, List.of()).stream()
                .filter(opened -> dedupKeys.contains(opened.path("dedupKey").asText()))
                .collect(Collectors.groupingBy(opened -> opened.path("dedupKey").asText(), Collectors.counting()));
        assertThat(openings)
                .hasSize(ALERTS)
                .allSatisfy((key, count) -> assertThat(count).as(key).isOne());
        assertThat(ledger.get(IncidentAcknowledged.TYPE).stream()
                        .filter(ack -> all.containsValue(ack.path("incidentId").asText())))
                .hasSize(ALERTS);

        // every page recorded once, delivered once, and sent once: what Slack, the SMTP server and the webhook
        // received comes to what the ledger records as delivered (a notification sent twice would stay one more)
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receivedPerIncident(all.values()))
                .as("notifications received per incident")
                .isEqualTo(deliveredPerIncident(all.values())));
        Map<String, List<JsonNode>> settled = ledgerByType(stack);
        List<String> pages = settled.get(ResponderPaged.TYPE).stream()
                .filter(page -> all.containsValue(page.path("incidentId").asText()))
                .map(page -> page.path("pageId").asText())
                .toList();
        assertThat(pages).isNotEmpty().doesNotHaveDuplicates();
        List<JsonNode> delivered = settled.get(NotificationDelivered.TYPE).stream()
                .filter(d -> all.containsValue(d.path("incidentId").asText()))
                .toList();
        assertThat(delivered).extracting(d -> d.path("notificationId").asText()).doesNotHaveDuplicates();
        for (String incident : all.values()) {
            long slackDeliveries = delivered.stream()
                    .filter(d -> d.path("incidentId").asText().equals(incident)
                            && d.path("channel").asText().equals("slack"))
                    .count();
            long slackMessages = stack.slack().messages().stream()
                    .filter(m -> m.path("payload").toString().contains(incident))
                    .count();
            assertThat(slackMessages)
                    .as("Slack messages of " + incident)
                    .isEqualTo(slackDeliveries)
                    .isPositive();
        }

        // both report-service instances serve the same complete read models
        String admin = Keycloak.devUser(stack, "admin");
        await().atMost(PATIENCE)
                .until(() -> digests(stack.reportUrl(), admin).equals(digests(stack.url(report2), admin)));
        assertThat(incidents(stack.url(report2), viewer, label)).isEqualTo(all);
        assertThat(List.of(incident2, notify2, report2))
                .containsExactly("incident-service-2", "notify-service-2", "report-service-2");
    }

    private static String alert(String incidentService, String label, int i) {
        String payload = samplePayload()
                .replace(SAMPLE_GROUP_KEY, "{}:{two=\\\"" + label + "-" + i + "\\\"}")
                .replace("Checkout error rate above 5% for 5 minutes", "Two " + label + " " + i)
                .replace("c0ffee0000000001", String.format("%016x", 0x2000L + i));
        return given().auth()
                .oauth2(LocalStack.DEV_ROUTING_KEY)
                .contentType(ContentType.JSON)
                .body(payload)
                .post(incidentService + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(202)
                .extract()
                .path("dedupKey");
    }

    @Test
    @Order(3)
    void aPersonIsTextedAndCalledThroughAnSmsGatewayAndTheirSignedReplyAcknowledges() {
        // this stack texts and calls through the stand-in's SMS gateway, not Twilio
        String gina = "+819055556666";
        String admin = Keycloak.devUser(stack, "admin");
        String config = """
                people:
                  gina:
                    name: Gina Gateway
                    timeZone: Asia/Tokyo
                    sms: "%s"
                    voice: "%s"
                    user: responder
                    rules:
                      high: [{method: sms}, {method: voice, after: PT1H}]
                escalationPolicies:
                  gateway:
                    levels: [{timeout: PT1H, targets: [{person: gina}]}]
                routing:
                  default: gateway
                """.formatted(gina, gina);
        StackClient.putOnCallConfig(stack, admin, config);
        // put to one instance, the configuration is in force on the other too: it pages by it
        String notify2 = stack.servicePids().containsKey("notify-service-2")
                ? "notify-service-2"
                : stack.startInstance("notify-service");
        await().atMost(PATIENCE).until(() -> given().auth()
                .oauth2(admin)
                .get(stack.url(notify2) + "/api/v1/admin/oncall-config/yaml")
                .asString()
                .equals(config));
        Map<TopicPartition, Long> ledger = LedgerTail.end(stack);
        String location = given().auth()
                .oauth2(Keycloak.devUser(stack, "responder"))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "title", "Gateway down (two 3)", "product", "shop", "service", "shop-sms", "severity", "SEV1"))
                .post(stack.url("incident-service") + "/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        String incident = location.substring(location.lastIndexOf('/') + 1);

        GatewayStandIn gateway = stack.slack().gateway();
        JsonNode text = await().atMost(PATIENCE)
                .until(
                        () -> gateway.sent().stream()
                                .filter(sent -> sent.path("to").asText().equals(gina)
                                        && sent.path("text").asText().contains("/#/incidents/" + incident))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(text.path("kind").asText()).isEqualTo("sms");
        java.util.regex.Matcher number = java.util.regex.Pattern.compile("Reply ack ([0-9]+)")
                .matcher(text.path("text").asText());
        assertThat(number.find()).as(text.path("text").asText()).isTrue();
        String webhook = stack.notifyUrl() + "/api/v1/telephony/sms";

        assertThat(gateway.reply(webhook, gina, "ack " + number.group(1), "not-the-secret")
                        .status())
                .isEqualTo(401);
        assertThat(LedgerTail.events(stack, ledger, incident, IncidentAcknowledged.TYPE))
                .isEmpty();
        var answered = gateway.reply(webhook, gina, "ack " + number.group(1));
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body()).contains("<Message>", "acknowledged");
        LedgerTail.acknowledgedOnceVia(stack, ledger, incident, "sms");

        // a test reaches both ways through the gateway: a call is a message the gateway reads out
        given().auth()
                .oauth2(Keycloak.devUser(stack, "admin"))
                .post(stack.notifyUrl() + "/api/v1/people/gina/test-notification")
                .then()
                .statusCode(200)
                .body("results.channel", org.hamcrest.Matchers.contains("sms", "voice"))
                .body("results.delivered", org.hamcrest.Matchers.contains(true, true));
        assertThat(gateway.sent())
                .anyMatch(sent -> sent.path("to").asText().equals(gina)
                        && sent.path("kind").asText().equals("voice")
                        && sent.path("text").asText().startsWith("This is a test call from Kizuki"));
        assertThat(gateway.refused()).isEmpty();
    }

    /** The incidents of this run: dedup key to incident id. */
    private static Map<String, String> incidents(String reportUrl, String viewer, String label) {
        List<Map<String, Object>> found = given().auth()
                .oauth2(viewer)
                .queryParam("q", "Two " + label)
                .queryParam("limit", 500)
                .get(reportUrl + "/api/v1/incidents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        return found.stream()
                .collect(Collectors.toMap(
                        i -> (String) i.get("dedupKey"),
                        i -> (String) i.get("id"),
                        (a, b) -> a + "," + b,
                        TreeMap::new));
    }

    /** The incidents with no notification delivered: partition and the types of their ledger events. */
    private static Map<String, String> undelivered(Collection<String> incidents) {
        Set<String> delivered = new HashSet<>();
        Map<String, List<String>> history = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records(stack, Topics.LEDGER)) {
            String type = CloudEventHeaders.type(record.headers());
            if (incidents.contains(record.key())) {
                history.computeIfAbsent(
                                record.key() + " (partition " + record.partition() + ")", ignored -> new ArrayList<>())
                        .add(type.replace("kizuki.incident.", ""));
                if (NotificationDelivered.TYPE.equals(type)) {
                    delivered.add(record.key());
                }
            }
        }
        Map<String, String> missing = new TreeMap<>();
        history.forEach((incident, types) -> {
            if (!delivered.contains(incident.substring(0, incident.indexOf(' ')))) {
                missing.put(incident, String.join(",", types));
            }
        });
        return missing;
    }

    /** Slack notifications the ledger records as delivered, per incident. */
    private static Map<String, Long> slackDeliveries(Collection<String> incidents) throws IOException {
        return ledgerByType(stack).getOrDefault(NotificationDelivered.TYPE, List.of()).stream()
                .filter(d -> incidents.contains(d.path("incidentId").asText())
                        && d.path("channel").asText().equals("slack"))
                .collect(Collectors.groupingBy(d -> d.path("incidentId").asText(), Collectors.counting()));
    }

    /** Per incident and channel, the notifications Slack, the SMTP server and the webhook received. */
    private static Map<String, Long> receivedPerIncident(Collection<String> incidents) {
        Map<String, Long> received = new TreeMap<>();
        for (String incident : incidents) {
            received.put(
                    incident + " slack",
                    stack.slack().messages().stream()
                            .filter(m -> m.path("payload").toString().contains(incident))
                            .count());
            received.put(
                    incident + " webhook",
                    stack.slack().hooks().stream()
                            .filter(h -> h.path("body").asText().contains(incident))
                            .count());
            received.put(
                    incident + " email",
                    stack.mail().messages().stream()
                            .filter(m -> String.valueOf(m.get("text")).contains(incident))
                            .count());
        }
        return received;
    }

    /** Per incident and channel, the notifications the ledger records as delivered. */
    private static Map<String, Long> deliveredPerIncident(Collection<String> incidents) throws IOException {
        Map<String, Long> delivered = new TreeMap<>();
        for (String incident : incidents) {
            for (String channel : List.of("slack", "webhook", "email")) {
                delivered.put(incident + " " + channel, 0L);
            }
        }
        ledgerByType(stack).getOrDefault(NotificationDelivered.TYPE, List.of()).stream()
                .filter(d -> incidents.contains(d.path("incidentId").asText()))
                .forEach(d -> delivered.merge(
                        d.path("incidentId").asText() + " " + d.path("channel").asText(), 1L, Long::sum));
        return delivered;
    }

    /** Notifications of these incidents that Slack, the SMTP server and the webhook received. */
    private static long received(LocalStack stack, Collection<String> incidents) {
        Predicate<String> mentions = text -> incidents.stream().anyMatch(text::contains);
        return stack.slack().messages().stream()
                        .filter(m -> mentions.test(m.path("payload").toString()))
                        .count()
                + stack.slack().hooks().stream()
                        .filter(h -> mentions.test(h.path("body").asText()))
                        .count()
                + stack.mail().messages().stream()
                        .filter(m -> mentions.test(String.valueOf(m.get("text"))))
                        .count();
    }

    /** Notifications of these incidents the ledger records as delivered. */
    private static long deliveries(LocalStack stack, Collection<String> incidents) throws IOException {
        return ledgerByType(stack).getOrDefault(NotificationDelivered.TYPE, List.of()).stream()
                .filter(d -> incidents.contains(d.path("incidentId").asText()))
                .count();
    }

    /** Incidents with at least one delivered notification, and how many. */
    private static Map<String, Long> deliveredIncidents(LocalStack stack) throws IOException {
        return ledgerByType(stack).getOrDefault(NotificationDelivered.TYPE, List.of()).stream()
                .collect(Collectors.groupingBy(d -> d.path("incidentId").asText(), Collectors.counting()));
    }

    private static Map<String, List<JsonNode>> ledgerByType(LocalStack stack) throws IOException {
        Map<String, List<JsonNode>> events = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records(stack, Topics.LEDGER)) {
            events.computeIfAbsent(CloudEventHeaders.type(record.headers()), ignored -> new ArrayList<>())
                    .add(JSON.readTree(record.value()));
        }
        return events;
    }

    private static List<ConsumerRecord<String, byte[]>> records(LocalStack stack, String topic) {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> start = topics.endOffsets(topic).keySet().stream()
                    .collect(Collectors.toMap(Function.identity(), ignored -> 0L));
            return topics.recordsSince(start, topic);
        }
    }

    private static Map<String, String> digests(String reportUrl, String admin) {
        Map<String, String> digests = new TreeMap<>();
        for (String model : MODELS) {
            JsonPath digest = given().auth()
                    .oauth2(admin)
                    .get(reportUrl + "/api/v1/admin/read-models/" + model + "/digest")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            digests.put(model, digest.getString("digest"));
        }
        return digests;
    }
}
