package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.mails;
import static io.kizuki.system.StackClient.putOnCallConfig;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.KizukiTopics;
import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentOpened;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Outages while alerts arrive (Kafka, PostgreSQL, Slack), a topic missing, and a ledger record the read models cannot
 * apply, on a stack of its own (stopping the broker or the database would disturb the shared one, and the shared one's
 * ledger is backed up and restored by BackupRestoreIT): each delays the work and is visible, none loses an accepted
 * alert or pages twice, and afterwards the read models equal a rebuild from the ledger. Each prints how long the outage
 * lasted and how long after it the work had caught up.
 */
class FaultsIT {

    private static final Path ROOT = Path.of(System.getProperty("kizuki.project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration SLACK_OUTAGE = Duration.ofMinutes(2);
    private static final List<String> MODELS =
            List.of("changes", "incidents", "learning", "metrics", "oncall", "timeline");
    private static LocalStack stack;
    private String viewer;
    private String admin;

    @BeforeAll
    static void startAStackOfItsOwn() {
        stack = LocalStack.start(
                ROOT, LocalStack.Ports.random(), ROOT.resolve("deploy/system-tests/target/faults-stack"));
    }

    /** Tokens taken before each fault (they live 5 minutes): Keycloak's own database is PostgreSQL. */
    @BeforeEach
    void signIn() {
        viewer = Keycloak.devUser(stack, "viewer");
        admin = Keycloak.devUser(stack, "admin");
    }

    @AfterAll
    static void stopIt() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void postgresqlStoppedWhileAlertsArriveDelaysTheReadModelsAndLosesNothing() {
        String run = "pg-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> keys = new ArrayList<>(List.of(accepted(run, 0), accepted(run, 1)));

        stack.stopPostgres();
        Instant down = Instant.now();
        try {
            // ingestion needs no database: alerts are still taken; report-service says it is not ready meanwhile
            keys.add(accepted(run, 2));
            keys.add(accepted(run, 3));
            await().during(OUTAGE)
                    .atMost(OUTAGE.plusSeconds(60))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() ->
                            given().get(stack.reportUrl() + "/q/health/ready").statusCode() == 503);
        } finally {
            stack.startPostgres();
        }
        Instant up = Instant.now();
        // Keycloak, whose database it is too, replaces the pooled connections the restart closed: a person signs in at
        // the first ask, not after a 500 per stale connection
        given().contentType(ContentType.URLENC)
                .formParams(Keycloak.devUserGrant("viewer"))
                .post(stack.keycloak().issuer() + "/protocol/openid-connect/token")
                .then()
                .statusCode(200);

        List<String> incidents = incidentsOnceEach(keys);
        Duration recovered = Duration.between(up, Instant.now());
        pagedOnceEach(incidents);
        System.out.printf(
                "FaultsIT: PostgreSQL down %d s; read models caught up %d ms after it was back%n",
                Duration.between(down, up).toSeconds(), recovered.toMillis());
        readModelsEqualARebuild(incidents);
    }

    @Test
    void kafkaStoppedWhileAlertsArriveAnswers503AndLosesNothingOnceSendersRetry() {
        String run = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> keys = new ArrayList<>(List.of(accepted(run, 0)));

        stack.stopKafka();
        Instant down = Instant.now();
        try {
            // an alert that cannot be stored is refused quickly, as retryable: Alertmanager sends it again
            Instant asked = Instant.now();
            Response refused = post(payload(run, 1));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(15));
            // and so is every try while the broker is away
            await().during(OUTAGE)
                    .atMost(OUTAGE.plusSeconds(60))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> post(payload(run, 1)).statusCode() == 503);
        } finally {
            stack.startKafka();
        }
        Instant up = Instant.now();

        // the sender's retries: the same notification again until it is taken
        keys.add(await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> post(payload(run, 1)), answer -> answer.statusCode() == 202)
                .path("dedupKey"));
        keys.add(accepted(run, 2));
        List<String> incidents = incidentsOnceEach(keys);
        Duration recovered = Duration.between(up, Instant.now());
        pagedOnceEach(incidents);
        System.out.printf(
                "FaultsIT: Kafka down %d s; every alert on the ledger and in the read models %d ms after "
                        + "it was back%n",
                Duration.between(down, up).toSeconds(), recovered.toMillis());
        readModelsEqualARebuild(incidents);
    }

    @Test
    void slackAnswering500ForTwoMinutesDelaysThePageWhichArrivesOnceSlackIsBackWithBothOnTheTimeline() {
        String run = "slack-" + UUID.randomUUID().toString().substring(0, 8);
        stack.slack().outage(SLACK_OUTAGE, 500);
        Instant down = Instant.now();
        Instant up = down.plus(SLACK_OUTAGE);

        String incident = incidentsOnceEach(List.of(accepted(run, 0))).getFirst();
        // a round of attempts failed while Slack was down: on the timeline, and tried again later
        await().atMost(SLACK_OUTAGE).until(() -> timeline(incident).stream()
                .anyMatch(line -> line.startsWith("Could not deliver page by slack")
                        && line.endsWith("trying again " + "later")));
        assertThat(Instant.now()).isBefore(up);
        assertThat(slackMessages(incident)).isZero();

        // the page arrives once Slack is back, in the round after it (the sample escalates after 5 minutes: before
        // that, this is level 1's page)
        await().atMost(SLACK_OUTAGE.plus(PATIENCE)).until(() -> slackMessages(incident) >= 1);
        Instant paged = Instant.now();
        signIn();
        pagedOnceEach(List.of(incident));
        await().atMost(PATIENCE).until(() -> timeline(incident).stream()
                .anyMatch(line -> line.matches("Delivered page by slack to .*, round [0-9]+")));
        System.out.printf(
                "FaultsIT: Slack answered 500 for %d s; the page arrived %d ms after it was back%n",
                SLACK_OUTAGE.toSeconds(), Duration.between(up, paged).toMillis());
        readModelsEqualARebuild(List.of(incident));
    }

    /**
     * Keycloak down for longer than notify-service's token lives (20 s here) while an incident waits for its
     * escalation (30 s): notify-service is not ready meanwhile, sends no command with a token that cannot be
     * verified, and once Keycloak is back the escalation and its page happen, each once.
     */
    @Test
    void keycloakStoppedLongerThanATokensLifeDelaysTheEscalationAndNeverCancelsIt() throws Exception {
        String responder = Keycloak.devUser(stack, "responder");
        Map<TopicPartition, Long> results;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            results = topics.endOffsets(Topics.COMMAND_RESULTS);
        }
        Keycloak.clientAttribute(stack, "kizuki-notify-service", "access.token.lifespan", "20");
        putOnCallConfig(stack, admin, """
                people:
                  pat: {name: Pat Primary, timeZone: Europe/Berlin, email: pat@example.com}
                  bo: {name: Bo Boss, timeZone: Europe/Berlin, email: bo@example.com}
                escalationPolicies:
                  outage:
                    levels:
                      - {timeout: PT30S, targets: [{person: pat}]}
                      - {timeout: PT1H, targets: [{person: bo}]}
                routing:
                  default: outage
                channels:
                  smtp: {host: localhost, port: %d, from: kizuki@example.com}
                """.formatted(stack.ports().smtp()));
        Instant down;
        Instant up;
        String incident;
        try {
            // a token of the short life from now on
            stack.stop("notify-service");
            // stopped, not killed: it left the group (a static member stays unless told to), so its partitions
            // would go to another instance at once
            assertThat(StackClient.groupMembers(stack, "kizuki-notify")).isEmpty();
            stack.start("notify-service");
            incident = given().auth()
                    .oauth2(responder)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "title",
                            "Keycloak is down",
                            "product",
                            "shop",
                            "service",
                            "keycloak-outage",
                            "severity",
                            "SEV3"))
                    .post(stack.incidentUrl() + "/api/v1/incidents")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("incidentId");
            awaitOnTimeline(incident, "Delivered page by email to pat");

            stack.stopKeycloak();
            down = Instant.now();
            await().atMost(PATIENCE)
                    .until(() ->
                            given().get(stack.notifyUrl() + "/q/health/ready").statusCode() == 503);
            // the escalation falls due 30 s after the opening, with no token to be had: it waits
            await().during(Duration.ofSeconds(30)).atMost(PATIENCE).until(() -> timeline(incident).stream()
                    .noneMatch(line -> line.startsWith("Escalated")));
            stack.startKeycloak();
            up = Instant.now();

            awaitOnTimeline(incident, "Delivered page by email to bo");
        } finally {
            if (given().get(stack.keycloak().issuer() + "/.well-known/openid-configuration")
                            .statusCode()
                    != 200) {
                stack.startKeycloak();
            }
            Keycloak.clientAttribute(stack, "kizuki-notify-service", "access.token.lifespan", "300");
            putOnCallConfig(stack, admin, Files.readString(ROOT.resolve(LocalStack.ONCALL_SAMPLE)));
        }
        Duration recovered = Duration.between(up, Instant.now());
        signIn();
        await().during(Duration.ofSeconds(3))
                .atMost(PATIENCE)
                .until(() -> timeline(incident).stream()
                                .filter(line -> line.startsWith("Escalated"))
                                .count()
                        == 1);
        // pat at level 1, bo at level 2: each paged once, each mailed once
        assertThat(timeline(incident))
                .filteredOn(line -> line.startsWith("Paged "))
                .containsExactlyInAnyOrder("Paged pat by email (level 1)", "Paged bo by email (level 2)");
        assertThat(mails(stack, incident, "pat@example.com")).hasSize(1);
        assertThat(mails(stack, incident, "bo@example.com")).hasSize(1);
        given().get(stack.notifyUrl() + "/q/health/ready").then().statusCode(200);
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            assertThat(topics.recordsSince(results, Topics.COMMAND_RESULTS))
                    .as("no command of notify-service was " + "sent with a token that could not be verified")
                    .noneMatch(record ->
                            new String(record.value(), StandardCharsets.UTF_8).contains("\"UNAUTHENTICATED\""));
        }
        System.out.printf(
                "FaultsIT: Keycloak down %d s; the escalation's page was delivered %d ms after it was " + "back%n",
                Duration.between(down, up).toSeconds(), recovered.toMillis());
        readModelsEqualARebuild(List.of(incident));
    }

    @Test
    void aMissingTopicIsWaitedForByTheDecidersAndNamedByReadinessUntilItIsMade() throws Exception {
        String run = "topic-" + UUID.randomUUID().toString().substring(0, 8);
        String missing = Topics.DETECTION_FEEDBACK;
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.deleteTopics(List.of(missing)).all().get();
            // the deciders wait for the topic instead of stopping (the process used to end)
            await().atMost(PATIENCE)
                    .until(() -> incidentServiceLog().contains("a topic the deciders read does not exist"));
            stack.kill("incident-service");
            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> stack.start("incident-service"));
            // a start without the topic: up, but not ready, naming it
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreException(ConnectException.class)
                    .until(() -> {
                        var ready = given().get(stack.incidentUrl() + "/q/health/ready");
                        return ready.statusCode() == 503
                                && missing.equals(
                                        ready.path("checks.find { it.name == 'deciders-topics' }.data.missing_topics"));
                    });
            assertThat(started).isNotDone();

            admin.createTopics(KizukiTopics.all(LocalStack.PARTITIONS).stream()
                            .filter(topic -> topic.name().equals(missing))
                            .toList())
                    .all()
                    .get();
            Instant made = Instant.now();
            started.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            System.out.printf(
                    "FaultsIT: %s missing; incident-service ready %d ms after it was made%n",
                    missing, Duration.between(made, Instant.now()).toMillis());
        }

        List<String> incidents = incidentsOnceEach(List.of(accepted(run, 0)));
        pagedOnceEach(incidents);
        readModelsEqualARebuild(incidents);
    }

    private static String incidentServiceLog() throws IOException {
        return Files.readString(stack.logs().resolve("incident-service.log"), StandardCharsets.UTF_8);
    }

    @Test
    void aLedgerRecordTheReadModelsCannotApplyIsSkippedDeadLetteredAndTheModelsGoOn() throws Exception {
        String run = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        Map<TopicPartition, Long> deadLetters;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            deadLetters = topics.endOffsets(Topics.DEAD_LETTERS);
        }
        // readable, but PostgreSQL refuses NUL in text and jsonb
        var poison = new IncidentOpened(
                run,
                "poison\u0000title",
                "shop",
                "poisoned",
                Severity.SEV4,
                null,
                "generic",
                null,
                Instant.parse("2026-11-21T02:00:00Z"),
                null,
                "other",
                List.of(),
                "a\u0000b");
        byte[] data = new WireCodec().encode(poison);
        var record = new ProducerRecord<String, byte[]>(Topics.LEDGER, run, data);
        CloudEventHeaders.write(
                new Envelope(
                        UUID.randomUUID().toString(),
                        "/kizuki/system-tests",
                        IncidentOpened.TYPE,
                        run,
                        Instant.now(),
                        1L,
                        null,
                        null,
                        "kizuki:detection",
                        data),
                record.headers());
        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        }
        // the models go on: an alert after it is shown
        List<String> incidents = incidentsOnceEach(List.of(accepted(run, 0)));

        await().atMost(PATIENCE).untilAsserted(() -> {
            try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
                assertThat(topics.recordsSince(deadLetters, Topics.DEAD_LETTERS).stream()
                                .filter(letter -> run.equals(letter.key()))
                                .map(letter -> new String(
                                        letter.headers()
                                                .lastHeader("dead-letter-consumer")
                                                .value(),
                                        StandardCharsets.UTF_8)))
                        .contains("report-service/incidents", "report-service/timeline");
            }
        });
        JsonPath models = given().auth()
                .oauth2(admin)
                .get(stack.reportUrl() + "/api/v1/admin/read-models")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(models.getLong("find { it.name == 'incidents' }.skipped")).isPositive();
        assertThat(given().auth()
                        .oauth2(admin)
                        .get(stack.reportUrl() + "/api/v1/admin/read-models/incidents/digest")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("skipped"))
                .isNotEmpty();
        given().auth()
                .oauth2(viewer)
                .get(stack.reportUrl() + "/api/v1/incidents/" + run)
                .then()
                .statusCode(404);
        assertThat(given().get(stack.reportUrl() + "/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .containsPattern("kizuki_dead_letters_total\\{consumer=\"read-model/incidents\"[^}]*} [1-9]");
        readModelsEqualARebuild(incidents);
    }

    private static String payload(String run, int group) {
        return samplePayload().replace(SAMPLE_GROUP_KEY, "{}:{" + run + "=" + group + "}");
    }

    private static Response post(String body) {
        return given().auth()
                .oauth2(LocalStack.DEV_ROUTING_KEY)
                .contentType(ContentType.JSON)
                .body(body)
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager");
    }

    private static String accepted(String run, int group) {
        return post(payload(run, group)).then().statusCode(202).extract().path("dedupKey");
    }

    /** Each alert group's incident, once each, as report-service shows them. */
    private List<String> incidentsOnceEach(List<String> dedupKeys) {
        List<String> incidents = new ArrayList<>();
        for (String key : dedupKeys) {
            incidents.add(await().atMost(PATIENCE)
                    .until(
                            () -> given().auth()
                                    .oauth2(viewer)
                                    .queryParam("limit", 500)
                                    .get(stack.reportUrl() + "/api/v1/incidents")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath()
                                    .getList("findAll { it.dedupKey == '" + key + "' }.id", String.class),
                            ids -> ids.size() == 1)
                    .getFirst());
        }
        return incidents;
    }

    /** Each incident's team channel got its page once (the sample pages shop-incidents at level 1). */
    private static void pagedOnceEach(List<String> incidents) {
        for (String incident : incidents) {
            await().atMost(PATIENCE).until(() -> slackMessages(incident) >= 1);
        }
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> incidents.stream()
                .allMatch(incident -> slackMessages(incident) == 1));
    }

    /** The incident's timeline summaries; none while report-service has not read its opening yet (404). */
    private List<String> timeline(String incident) {
        var response = given().auth()
                .oauth2(viewer)
                .queryParam("limit", 500)
                .get(stack.reportUrl() + "/api/v1/incidents/" + incident + "/timeline");
        if (response.statusCode() == 404) {
            return List.of();
        }
        return response.then().statusCode(200).extract().jsonPath().getList("summary", String.class);
    }

    /**
     * Waits for a line starting so on the incident's timeline; when it does not come, the failure says what the
     * timeline, notify-service's readiness and the last warnings of its log said instead.
     */
    private void awaitOnTimeline(String incident, String start) {
        try {
            await().atMost(PATIENCE).until(() -> timeline(incident).stream().anyMatch(line -> line.startsWith(start)));
        } catch (ConditionTimeoutException e) {
            List<String> warnings;
            try (var lines = Files.lines(stack.logs().resolve("notify-service.log"))) {
                warnings = lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        .toList();
            } catch (IOException unreadable) {
                warnings = List.of(unreadable.toString());
            }
            throw new AssertionError(
                    "'%s…' not on the timeline of %s within %s; the timeline: %s; notify-service's readiness: %s; the last warnings of its log: %s"
                            .formatted(
                                    start,
                                    incident,
                                    PATIENCE,
                                    timeline(incident),
                                    given().get(stack.notifyUrl() + "/q/health/ready")
                                            .asString(),
                                    warnings.subList(Math.max(0, warnings.size() - 5), warnings.size())),
                    e);
        }
    }

    private static long slackMessages(String incident) {
        return stack.slack().messages().stream()
                .filter(message -> message.toString().contains(incident))
                .count();
    }

    /**
     * The test's incidents resolved (nothing of them escalates later, into another test's rebuild), and once the
     * ledger is quiet (the digests the same 3 s apart), a rebuild from offset 0 gives the live models' digests.
     */
    private void readModelsEqualARebuild(List<String> incidents) {
        String responder = Keycloak.devUser(stack, "responder");
        for (String incident : incidents) {
            given().auth()
                    .oauth2(responder)
                    .post(stack.incidentUrl() + "/api/v1/incidents/" + incident + "/resolve")
                    .then()
                    .statusCode(200);
        }
        AtomicReference<Map<String, Object>> last = new AtomicReference<>(Map.of());
        Map<String, Object> before = await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> digests(), digests -> digests.equals(last.getAndSet(digests)));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{}")
                .post(stack.reportUrl() + "/api/v1/admin/rebuilds")
                .then()
                .statusCode(202);
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
        assertThat(done.getString("state")).isEqualTo("SWITCHED");
        // the rebuild skipped what the live models skipped (the digests name skipped records)
        assertThat(digests()).isEqualTo(before);
    }

    private Map<String, Object> digests() {
        Map<String, Object> digests = new TreeMap<>();
        for (String model : MODELS) {
            JsonPath digest = given().auth()
                    .oauth2(admin)
                    .get(stack.reportUrl() + "/api/v1/admin/read-models/" + model + "/digest")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            digests.put(model, digest.getString("digest") + " " + digest.getMap("checkpoints"));
        }
        return digests;
    }
}
