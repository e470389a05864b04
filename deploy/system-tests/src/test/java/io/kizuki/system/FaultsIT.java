package io.kizuki.system;

import static io.kizuki.system.WholeFlowIT.SAMPLE_GROUP_KEY;
import static io.kizuki.system.WholeFlowIT.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * Outages of the infrastructure while alerts arrive, and a ledger record the read models cannot apply, on a stack of
 * its own (stopping the broker or the database would disturb the shared one, and the shared one's ledger is backed
 * up and restored by BackupRestoreIT): each delays the work and is visible, none loses an accepted alert or pages
 * twice, and afterwards the read models equal a rebuild from the ledger. Each prints how long the outage lasted and how long
 * after it the work had caught up.
 */
class FaultsIT {

    private static final Path ROOT = Path.of(System.getProperty("kizuki.project.root", "../..")).toAbsolutePath()
            .normalize();
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final List<String> MODELS = List.of("changes", "incidents", "learning", "metrics", "oncall",
            "timeline");
    private static LocalStack stack;
    private String viewer;
    private String admin;

    @BeforeAll
    static void startAStackOfItsOwn() {
        stack = LocalStack.start(ROOT, LocalStack.Ports.random(), ROOT.resolve("deploy/system-tests/target/faults-stack"));
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
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> given().get(stack.reportUrl() + "/q/health/ready").statusCode() == 503);
        } finally {
            stack.startPostgres();
        }
        Instant up = Instant.now();

        List<String> incidents = incidentsOnceEach(keys);
        Duration recovered = Duration.between(up, Instant.now());
        pagedOnceEach(incidents);
        System.out.printf("FaultsIT: PostgreSQL down %d s; read models caught up %d ms after it was back%n",
                Duration.between(down, up).toSeconds(), recovered.toMillis());
        readModelsEqualARebuild();
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
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> post(payload(run, 1)).statusCode() == 503);
        } finally {
            stack.startKafka();
        }
        Instant up = Instant.now();

        // the sender's retries: the same notification again until it is taken
        keys.add(await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> post(payload(run, 1)), answer -> answer.statusCode() == 202).path("dedupKey"));
        keys.add(accepted(run, 2));
        List<String> incidents = incidentsOnceEach(keys);
        Duration recovered = Duration.between(up, Instant.now());
        pagedOnceEach(incidents);
        System.out.printf("FaultsIT: Kafka down %d s; every alert on the ledger and in the read models %d ms after "
                + "it was back%n", Duration.between(down, up).toSeconds(), recovered.toMillis());
        readModelsEqualARebuild();
    }

    @Test
    void aLedgerRecordTheReadModelsCannotApplyIsSkippedDeadLetteredAndTheModelsGoOn() throws Exception {
        String run = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        Map<TopicPartition, Long> deadLetters;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            deadLetters = topics.endOffsets(Topics.DEAD_LETTERS);
        }
        // readable, but PostgreSQL refuses NUL in text and jsonb
        var poison = new IncidentOpened(run, "poison\u0000title", "shop", "poisoned", Severity.SEV4, null, "generic",
                null, Instant.parse("2026-11-21T02:00:00Z"), null, "other", List.of(), "a\u0000b");
        byte[] data = new WireCodec().encode(poison);
        var record = new ProducerRecord<String, byte[]>(Topics.LEDGER, run, data);
        CloudEventHeaders.write(new Envelope(UUID.randomUUID().toString(), "/kizuki/system-tests", IncidentOpened.TYPE,
                run, Instant.now(), 1L, null, null, "kizuki:detection", data), record.headers());
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        }
        // the models go on: an alert after it is shown
        incidentsOnceEach(List.of(accepted(run, 0)));

        await().atMost(PATIENCE).untilAsserted(() -> {
            try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
                assertThat(topics.recordsSince(deadLetters, Topics.DEAD_LETTERS).stream()
                        .filter(letter -> run.equals(letter.key()))
                        .map(letter -> new String(letter.headers().lastHeader("dead-letter-consumer").value(),
                                StandardCharsets.UTF_8)))
                        .contains("report-service/incidents", "report-service/timeline");
            }
        });
        JsonPath models = given().auth().oauth2(admin).get(stack.reportUrl() + "/api/v1/admin/read-models").then()
                .statusCode(200).extract().jsonPath();
        assertThat(models.getLong("find { it.name == 'incidents' }.skipped")).isPositive();
        assertThat(given().auth().oauth2(admin).get(stack.reportUrl() + "/api/v1/admin/read-models/incidents/digest")
                .then().statusCode(200).extract().jsonPath().getList("skipped")).isNotEmpty();
        given().auth().oauth2(viewer).get(stack.reportUrl() + "/api/v1/incidents/" + run).then().statusCode(404);
        assertThat(given().get(stack.reportUrl() + "/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("kizuki_dead_letters_total\\{consumer=\"read-model/incidents\"[^}]*} [1-9]");
        readModelsEqualARebuild();
    }

    private static String payload(String run, int group) {
        return samplePayload().replace(SAMPLE_GROUP_KEY, "{}:{" + run + "=" + group + "}");
    }

    private static Response post(String body) {
        return given().auth().oauth2(LocalStack.DEV_ROUTING_KEY).contentType(ContentType.JSON).body(body)
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager");
    }

    private static String accepted(String run, int group) {
        return post(payload(run, group)).then().statusCode(202).extract().path("dedupKey");
    }

    /** Each alert group's incident, once each, as report-service shows them. */
    private List<String> incidentsOnceEach(List<String> dedupKeys) {
        List<String> incidents = new ArrayList<>();
        for (String key : dedupKeys) {
            incidents.add(await().atMost(PATIENCE).until(() -> given().auth().oauth2(viewer)
                    .queryParam("limit", 500).get(stack.reportUrl() + "/api/v1/incidents").then().statusCode(200)
                    .extract().jsonPath().getList("findAll { it.dedupKey == '" + key + "' }.id", String.class),
                    ids -> ids.size() == 1).getFirst());
        }
        return incidents;
    }

    /** Each incident's team channel got its page once (the sample pages shop-incidents at level 1). */
    private static void pagedOnceEach(List<String> incidents) {
        for (String incident : incidents) {
            await().atMost(PATIENCE).until(() -> slackMessages(incident) >= 1);
        }
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE)
                .until(() -> incidents.stream().allMatch(incident -> slackMessages(incident) == 1));
    }

    private static long slackMessages(String incident) {
        return stack.slack().messages().stream().filter(message -> message.toString().contains(incident)).count();
    }

    /** Once the ledger is quiet, a rebuild from offset 0 gives the live models' digests. */
    private void readModelsEqualARebuild() {
        Map<String, Object> before = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
                .until(() -> digests(), digests -> digests.equals(digests()));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}")
                .post(stack.reportUrl() + "/api/v1/admin/rebuilds").then().statusCode(202);
        JsonPath done = await().atMost(PATIENCE).until(() -> given().auth().oauth2(admin)
                .get(stack.reportUrl() + "/api/v1/admin/rebuilds/current").then().statusCode(200).extract()
                .jsonPath(), status -> !"RUNNING".equals(status.getString("state")));
        assertThat(done.getString("state")).isEqualTo("SWITCHED");
        // the rebuild skipped what the live models skipped (the digests name skipped records)
        assertThat(digests()).isEqualTo(before);
    }

    private Map<String, Object> digests() {
        Map<String, Object> digests = new TreeMap<>();
        for (String model : MODELS) {
            JsonPath digest = given().auth().oauth2(admin)
                    .get(stack.reportUrl() + "/api/v1/admin/read-models/" + model + "/digest").then().statusCode(200)
                    .extract().jsonPath();
            digests.put(model, digest.getString("digest") + " " + digest.getMap("checkpoints"));
        }
        return digests;
    }
}
