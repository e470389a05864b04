package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.mails;
import static io.kizuki.system.StackClient.putOnCallConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.embedded.LocalStack;
import io.kizuki.embedded.SlackStandIn.Answer;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.RecordPage;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.ResponderPaged;
import io.restassured.http.ContentType;

/**
 * Paging through the real stack: policies and routing, Slack (the stand-in checks the Block Kit shape), e-mail
 * through a real SMTP server (GreenMail), signed webhooks, escalation by the ledger's timers, announcements,
 * retries against a Slack that fails or rate-limits, a {@code kill -9} of notify-service between an opening and its
 * escalation, and notify-service's commands under its own service account.
 */
class PagingIT {

    private static final Path ROOT =
            Path.of(System.getProperty("kizuki.project.root", "../..")).toAbsolutePath();
    private static final WireCodec CODEC = new WireCodec();
    private static final String WEBHOOK_SECRET = "paging-it-secret";
    private static final String RETRIES_PATH = "/services/T00000000/B00000001/pagingretries00000000000";
    private static final String NOTIFY_ACTOR = "client:kizuki-notify-service";
    /** Pages to record written at once before an acknowledgement: some seconds of the deciders' work. */
    private static final int LANE_BACKLOG = 60_000;

    private static LocalStack stack;
    private static String admin;
    private static String sample;

    /**
     * The test's policies: {@code drill} (every other shop incident) escalates after 4 s; two services page a Slack
     * channel of their own, which a test makes fail; {@code restart-service} escalates after 8 s.
     */
    private static String config() {
        String slack = "http://localhost:" + stack.ports().slack();
        return """
                people:
                  pat: {name: Pat Primary, timeZone: Europe/Berlin, slack: U0PAT00001, email: pat@example.com}
                  sid: {name: Sid SRE, timeZone: Asia/Tokyo, slack: U0SID00001, email: sid@example.com}
                  bo: {name: Bo Boss, timeZone: Europe/Berlin, email: bo@example.com, webhook: ops-pager}
                schedules:
                  primary:
                    timeZone: UTC
                    layers: [{members: [pat], length: P7D, start: "2026-01-05T00:00:00"}]
                  sre:
                    timeZone: UTC
                    layers: [{members: [sid], length: P7D, start: "2026-01-05T00:00:00"}]
                escalationPolicies:
                  drill:
                    levels:
                      - timeout: PT4S
                        targets: [{schedule: primary}, {channel: shop-incidents}]
                      - timeout: PT1H
                        targets: [{person: bo}]
                  retries:
                    levels:
                      - timeout: PT1H
                        targets: [{channel: retries}]
                  restart:
                    levels:
                      - timeout: PT8S
                        targets: [{schedule: primary}, {channel: shop-incidents}]
                      - timeout: PT1H
                        targets: [{person: bo}]
                routing:
                  default: drill
                  sre: sre
                  rules:
                    - {service: [retry-slack-500, retry-slack-429], policy: retries}
                    - {service: [restart-service], policy: restart}
                channels:
                  slack:
                    shop-incidents: "%s%s"
                    retries: "%s%s"
                  smtp: {host: localhost, port: %d, from: kizuki@example.com}
                  webhooks:
                    ops-pager: {url: "%s%s", secret: %s}
                """.formatted(
                        slack,
                        LocalStack.SHOP_CHANNEL_PATH,
                        slack,
                        RETRIES_PATH,
                        stack.ports().smtp(),
                        slack,
                        LocalStack.OPS_PAGER_PATH,
                        WEBHOOK_SECRET);
    }

    @BeforeAll
    static void putTheTestPolicies() throws IOException {
        stack = SharedStack.get();
        admin = Keycloak.user("admin", "admin");
        sample = Files.readString(ROOT.resolve(LocalStack.ONCALL_SAMPLE));
        putOnCallConfig(stack, admin, config());
    }

    @AfterAll
    static void restoreTheSample() {
        putOnCallConfig(stack, admin, sample);
    }

    @Test
    void pagesLevelOneAndTheSreEscalatesWhenNobodyAcknowledgesAndTellsEveryonePagedOfTheAcknowledgement()
            throws Exception {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Checkout pays twice", "shop-checkout", "SEV2");

        await().atMost(PATIENCE).until(() -> delivered(ledger, incident)
                .containsAll(List.of(
                        page(incident, 1, "slack", "shop-incidents"),
                        page(incident, 1, "email", "pat"),
                        page(incident, 1, "email", "sid"))));
        ObjectNode slackPage = slackMessages(incident).getFirst();
        JsonNode payload = slackPage.path("payload");
        assertThat(payload.path("text").asText()).contains("[SEV2] Checkout pays twice (shop-checkout)");
        assertThat(payload.path("blocks").findValuesAsText("type")).contains("header", "section", "actions", "context");
        assertThat(payload.toString())
                .contains("<@U0PAT00001>", "<@U0SID00001>", "level 1 of policy drill", "/#/incidents/" + incident);
        assertThat(mails(stack, incident, "pat@example.com"))
                .singleElement()
                .satisfies(mail -> assertThat(mail.get("subject").toString()).contains("Checkout pays twice"));
        assertThat(mails(stack, incident, "sid@example.com")).hasSize(1);
        // level 2 may already be paged (4 s): level 1 is these four pages, each once
        assertThat(events(ledger, incident, ResponderPaged.TYPE))
                .filteredOn(e -> e.path("level").asInt() == 1)
                .extracting(
                        e -> e.path("person").asText() + "/" + e.path("channel").asText())
                .containsExactlyInAnyOrder("pat/slack", "sid/slack", "pat/email", "sid/email");

        // nobody acknowledges within 4 s: level 2 pages Bo by e-mail and by his signed webhook
        await().atMost(PATIENCE).until(() -> delivered(ledger, incident)
                .containsAll(List.of(
                        page(incident, 2, "email", "bo"),
                        page(incident, 2, "webhook", "bo"),
                        page(incident, 2, "slack", "shop-incidents"))));
        List<JsonNode> escalations = events(ledger, incident, IncidentEscalated.TYPE);
        assertThat(escalations).singleElement().satisfies(escalated -> {
            assertThat(escalated.path("fromLevel").asInt()).isEqualTo(1);
            assertThat(escalated.path("toLevel").asInt()).isEqualTo(2);
            assertThat(escalated.path("escalatedBy").asText()).isEqualTo(NOTIFY_ACTOR);
        });
        ObjectNode hook = hooks(incident).getFirst();
        String body = hook.path("body").asText();
        String timestamp = hook.path("headers").path("x-kizuki-timestamp").asText();
        assertThat(hook.path("headers").path("x-kizuki-signature").asText())
                .isEqualTo("v1=" + hmac(WEBHOOK_SECRET, timestamp + "." + body));
        assertThat(body).contains("\"type\":\"kizuki.notification.page.v1\"", "\"person\":\"bo\"", "\"level\":2");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), Offset.offset(120L));

        asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incident + "/acknowledge")
                .then()
                .statusCode(200);

        await().atMost(PATIENCE).until(() -> delivered(ledger, incident)
                .containsAll(List.of(
                        announcement(incident, "acknowledged", "slack", "shop-incidents"),
                        announcement(incident, "acknowledged", "email", "pat"),
                        announcement(incident, "acknowledged", "email", "sid"),
                        announcement(incident, "acknowledged", "email", "bo"),
                        announcement(incident, "acknowledged", "webhook", "bo"))));
        assertThat(slackMessages(incident))
                .extracting(m -> m.path("payload").path("text").asText())
                .anyMatch(text -> text.contains("Acknowledged by user:responder"));
        assertThat(mails(stack, incident, "bo@example.com"))
                .extracting(m -> m.get("subject").toString())
                .anyMatch(subject -> subject.contains("Acknowledged by user:responder"));
        assertThat(events(ledger, incident, IncidentEscalated.TYPE)).hasSize(1);
    }

    @Test
    void aSlackThatFailsOnceIsTriedAgainAndTheDeliveryRecordsBothAttempts() throws Exception {
        stack.slack().answerNext(RETRIES_PATH, new Answer(500, "internal_error", null));
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Search is slow", "retry-slack-500", "SEV3");

        String notification = page(incident, 1, "slack", "retries");
        await().atMost(PATIENCE).until(() -> delivered(ledger, incident).contains(notification));
        assertThat(events(ledger, incident, NotificationDelivered.TYPE))
                .singleElement()
                .satisfies(delivered ->
                        assertThat(delivered.path("attempts").asInt()).isEqualTo(2));
        assertThat(stack.slack().refused())
                .anyMatch(refused -> refused.path("path").asText().equals(RETRIES_PATH)
                        && refused.path("status").asInt() == 500);
    }

    @Test
    void aSlackThatRateLimitsIsTriedAgainAfterTheRetryAfterItAsked() throws Exception {
        stack.slack().answerNext(RETRIES_PATH, new Answer(429, "rate_limited", "2"));
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Search is slower", "retry-slack-429", "SEV3");

        await().atMost(PATIENCE)
                .until(() -> delivered(ledger, incident).contains(page(incident, 1, "slack", "retries")));
        Instant refusedAt = stack.slack().refused().stream()
                .filter(refused -> refused.path("status").asInt() == 429)
                .map(refused -> Instant.parse(refused.path("receivedAt").asText()))
                .reduce((a, b) -> b)
                .orElseThrow();
        Instant deliveredAt = Instant.parse(
                slackMessages(incident).getFirst().path("receivedAt").asText());
        assertThat(Duration.between(refusedAt, deliveredAt)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        assertThat(events(ledger, incident, NotificationDelivered.TYPE))
                .singleElement()
                .satisfies(delivered ->
                        assertThat(delivered.path("attempts").asInt()).isEqualTo(2));
    }

    @Test
    void afterAKillNineBetweenTheOpeningAndTheTimeoutEachLevelIsPagedOnceAndEscalatesOnce() throws Exception {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Orders stuck", "restart-service", "SEV3");
        await().atMost(PATIENCE).until(() -> delivered(ledger, incident)
                .containsAll(List.of(page(incident, 1, "slack", "shop-incidents"), page(incident, 1, "email", "pat"))));
        // every partition has a paging state (written within 5 s of its assignment): the restart starts from it
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            await().atMost(PATIENCE).until(() -> topics.endOffsets(Topics.NOTIFY_STATE).values().stream()
                    .allMatch(end -> end > 0));
        }
        long restoredBefore = restoredFromPagingState();

        stack.killAndRestart("notify-service");
        assertThat(restoredFromPagingState())
                .as("ledger partitions started from their paging state after the restart")
                .isGreaterThan(restoredBefore);
        // it came back as the static member the killed process was (its host and port): the group gave it the
        // killed process's partitions without waiting for that process's session to time out
        assertThat(StackClient.groupMembers(stack, "kizuki-notify"))
                .singleElement()
                .asString()
                .startsWith("kizuki-notify-")
                .endsWith("-" + URI.create(stack.url("notify-service")).getPort());

        await().atMost(PATIENCE).until(() -> delivered(ledger, incident)
                .containsAll(List.of(
                        page(incident, 2, "email", "bo"),
                        page(incident, 2, "webhook", "bo"),
                        page(incident, 2, "slack", "shop-incidents"))));
        // a timer that fired twice would show as a second escalation: there is one, and it stays one
        await().during(Duration.ofSeconds(3))
                .atMost(PATIENCE)
                .until(() -> events(ledger, incident, IncidentEscalated.TYPE).size() == 1);
        List<String> pages = events(ledger, incident, ResponderPaged.TYPE).stream()
                .map(e -> e.path("pageId").asText())
                .toList();
        assertThat(pages).doesNotHaveDuplicates().hasSize(4);
        assertThat(delivered(ledger, incident)).doesNotHaveDuplicates();
        assertThat(slackMessages(incident)).hasSize(2);
        assertThat(mails(stack, incident, "pat@example.com")).hasSize(1);
        assertThat(mails(stack, incident, "bo@example.com")).hasSize(1);
        assertThat(hooks(incident)).hasSize(1);
    }

    @Test
    void commandsOnlyNotifyServiceSendsAreRefusedWithoutItsServiceAccount() throws Exception {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Refunds fail", "shop-refunds", "SEV4");
        String withoutToken = UUID.randomUUID().toString();
        String viewersToken = UUID.randomUUID().toString();
        String forgedToken = UUID.randomUUID().toString();
        Map<TopicPartition, Long> before;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            before = topics.endOffsets(Topics.COMMAND_RESULTS);
        }
        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(pageCommand(withoutToken, incident, null)).get();
            producer.send(pageCommand(viewersToken, incident, Keycloak.user("viewer", "viewer")))
                    .get();
            producer.send(pageCommand(forgedToken, incident, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0."))
                    .get();
        }

        // no or an invalid token is not a decision (not kept: the same command may come again with a valid one);
        // a valid token without the role is
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, JsonNode> results = results(before, List.of(withoutToken, viewersToken, forgedToken));
            assertThat(results).containsOnlyKeys(withoutToken, viewersToken, forgedToken);
            assertThat(results.get(withoutToken).path("outcome").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(results.get(withoutToken).path("detail").asText()).contains(CommandAuthorization.HEADER);
            assertThat(results.get(forgedToken).path("outcome").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(results.get(viewersToken).path("outcome").asText()).isEqualTo("FORBIDDEN");
            assertThat(results.get(viewersToken).path("detail").asText()).contains("notifier");
        });
        Map<TopicPartition, Long> again;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            again = topics.endOffsets(Topics.COMMAND_RESULTS);
        }
        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(pageCommand(withoutToken, incident, Keycloak.user("viewer", "viewer")))
                    .get();
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(results(again, List.of(withoutToken)))
                .as("decided now, not the answer before")
                .hasEntrySatisfying(
                        withoutToken,
                        result -> assertThat(result.path("outcome").asText()).isEqualTo("FORBIDDEN")));
        await().atMost(PATIENCE)
                .until(() -> !events(ledger, incident, ResponderPaged.TYPE).isEmpty());
        assertThat(events(ledger, incident, ResponderPaged.TYPE)).allSatisfy(paged -> {
            assertThat(paged.path("recordedBy").asText()).isEqualTo(NOTIFY_ACTOR);
            assertThat(paged.path("person").asText()).isNotEqualTo("mallory");
        });
    }

    @Test
    void aPersonsAcknowledgementGoesAheadOfABacklogOfPagesToRecordOnItsPartition() throws Exception {
        String incident = declare("Checkout slow", "shop-checkout", "SEV3");
        String run = UUID.randomUUID().toString();
        String token = Keycloak.client("kizuki-notify-service", "dev-only-notify-service-secret");
        Map<TopicPartition, Long> before;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            before = topics.endOffsets(Topics.COMMAND_RESULTS);
        }
        // a storm's worth of pages to record, sent as notify-service sends them, on every partition (the incident's
        // too); each names an incident that does not exist, so deciding one is quick and writes only its result
        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        20),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < LANE_BACKLOG; i++) {
                producer.send(pageCommand(Topics.SERVICE_COMMANDS, run + "-" + i, "inc-lane-" + run + "-" + i, token));
            }
            producer.flush();
        }

        long undecided = LANE_BACKLOG - decided(before, run);
        asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incident + "/acknowledge")
                .then()
                .statusCode(200);
        long meanwhile = decided(before, run) - (LANE_BACKLOG - undecided);
        assertThat(meanwhile)
                .as("pages recorded while the acknowledgement waited, of %d undecided when it was sent", undecided)
                .isLessThanOrEqualTo(undecided / 2);
    }

    /** How many of this run's pages to record are decided since {@code before}. */
    private static long decided(Map<TopicPartition, Long> before, String run) {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            return topics.recordsSince(before, Topics.COMMAND_RESULTS).stream()
                    .map(record -> CloudEventHeaders.read(record.headers(), record.value())
                            .causationId())
                    .filter(id -> id != null && id.startsWith(run))
                    .count();
        }
    }

    /** How many times notify-service's log says a ledger partition started from its paging state. */
    private static long restoredFromPagingState() throws IOException {
        return Files.readAllLines(stack.logs().resolve("notify-service.log")).stream()
                .filter(line -> line.contains("from its paging state at offset"))
                .count();
    }

    private static ProducerRecord<String, byte[]> pageCommand(String commandId, String incident, String token) {
        return pageCommand(Topics.COMMANDS, commandId, incident, token);
    }

    private static ProducerRecord<String, byte[]> pageCommand(
            String topic, String commandId, String incident, String token) {
        var command = new RecordPage(incident, "forged-" + commandId, "mallory", "UTC", "slack", 1, Instant.now());
        var record = new ProducerRecord<String, byte[]>(topic, incident, CODEC.encode(command));
        CloudEventHeaders.write(
                new Envelope(
                        commandId,
                        "/kizuki/system-tests",
                        RecordPage.TYPE,
                        incident,
                        Instant.now(),
                        null,
                        null,
                        null,
                        NOTIFY_ACTOR,
                        record.value()),
                record.headers());
        if (token != null) {
            record.headers().add(CommandAuthorization.HEADER, ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static Map<String, JsonNode> results(Map<TopicPartition, Long> from, List<String> commandIds)
            throws IOException {
        Map<String, JsonNode> results = new HashMap<>();
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            for (ConsumerRecord<String, byte[]> record : topics.recordsSince(from, Topics.COMMAND_RESULTS)) {
                Envelope envelope = CloudEventHeaders.read(record.headers(), record.value());
                if (commandIds.contains(envelope.causationId())) {
                    results.put(envelope.causationId(), CODEC.mapper().readTree(record.value()));
                }
            }
        }
        return results;
    }

    /** Declares an incident of product shop as a responder; its id. */
    private static String declare(String title, String service, String severity) {
        String location = asResponder()
                .contentType(ContentType.JSON)
                .body(Map.of("title", title, "product", "shop", "service", service, "severity", severity))
                .post(stack.incidentUrl() + "/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String page(String incident, int level, String channel, String recipient) {
        return "ntf:" + incident + ":1:page:" + level + ":" + channel + ":" + recipient;
    }

    private static String announcement(String incident, String purpose, String channel, String recipient) {
        return "ntf:" + incident + ":1:" + purpose + ":" + channel + ":" + recipient;
    }

    /** Where the ledger ends now: a test reads its incident's events from there. */
    private static Map<TopicPartition, Long> ledgerEnd() {
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            return topics.endOffsets(Topics.LEDGER);
        }
    }

    /** The ids of the notifications the ledger says were delivered for the incident. */
    private static List<String> delivered(Map<TopicPartition, Long> from, String incident) throws IOException {
        return events(from, incident, NotificationDelivered.TYPE).stream()
                .map(e -> e.path("notificationId").asText())
                .toList();
    }

    /** The data of the incident's ledger events of a type, in order. */
    private static List<JsonNode> events(Map<TopicPartition, Long> from, String incident, String type)
            throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            for (ConsumerRecord<String, byte[]> record : topics.recordsSince(from, Topics.LEDGER)) {
                if (incident.equals(record.key()) && type.equals(CloudEventHeaders.type(record.headers()))) {
                    events.add(CODEC.mapper().readTree(record.value()));
                }
            }
        }
        return events;
    }

    private static List<ObjectNode> slackMessages(String incident) {
        return matching(
                stack.slack().messages(),
                message -> message.path("payload").toString().contains(incident));
    }

    private static List<ObjectNode> hooks(String incident) {
        return matching(
                stack.slack().hooks(), hook -> hook.path("body").asText().contains(incident));
    }

    private static <T> List<T> matching(List<T> all, Predicate<T> predicate) {
        return all.stream().filter(predicate).toList();
    }

    private static String hmac(String secret, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
