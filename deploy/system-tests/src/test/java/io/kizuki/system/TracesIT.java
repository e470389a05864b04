package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.incidentsWithDedupKey;
import static io.kizuki.system.StackClient.newAlertPayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.system.OtlpReceiver.ReceivedSpan;
import io.restassured.http.ContentType;

/**
 * One trace across the log: the shared stack's services send their spans to an OTLP receiver in this JVM
 * ({@link SharedStack}), and a traced caller's alert is followed from the webhook through the signal, both deciders and
 * the ledger to notify-service, its page and the record of its delivery — each span the child of the one before, in
 * that order — a traced command from the HTTP request through its decision to the answer, and a read into PostgreSQL;
 * and the services' JSON log lines, one format for the three, with the trace of the request they were written for.
 */
class TracesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;
    private static OtlpReceiver receiver;

    @BeforeAll
    static void shareTheStack() {
        stack = SharedStack.get();
        receiver = SharedStack.traces();
    }

    @Test
    void followsOneAlertFromTheWebhookToThePageAndItsRecordInOneTrace() {
        String traceId = randomHex(16);
        String dedupKey = given().auth()
                .oauth2(LocalStack.DEV_ROUTING_KEY)
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .contentType(ContentType.JSON)
                .body(newAlertPayload("traced"))
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(202)
                .extract()
                .path("dedupKey");

        // each service sends its spans in batches of its own: wait for every step's, whichever service sent first
        List<ReceivedSpan> spans = await().atMost(PATIENCE)
                .until(
                        () -> receiver.trace(traceId),
                        received -> underRequest(
                                        received,
                                        span -> span.name().equals("decide " + SignalReceived.TYPE),
                                        "/api/v1/signals/alertmanager")
                                && named(received, "decide " + OpenIncident.TYPE)
                                        .isPresent()
                                && recordedDelivery(received));

        ReceivedSpan webhook = spans.stream()
                .filter(span -> "SERVER".equals(span.kind()) && span.name().contains("/api/v1/signals/alertmanager"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no webhook span in " + names(spans)));
        ReceivedSpan detected = named(spans, "decide " + SignalReceived.TYPE).orElseThrow();
        ReceivedSpan decided = named(spans, "decide " + OpenIncident.TYPE).orElseThrow();
        ReceivedSpan applied = named(spans, "apply " + IncidentOpened.TYPE).orElseThrow();
        ReceivedSpan delivered = spans.stream()
                .filter(span -> span.name().startsWith("deliver ")
                        && applied.spanId().equals(span.parentSpanId())
                        && spans.stream().anyMatch(record -> span.spanId().equals(record.parentSpanId())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no delivery under " + applied + " in " + names(spans)));
        ReceivedSpan recorded = spans.stream()
                .filter(span -> span.name().equals("decide " + RecordDelivery.TYPE)
                        && delivered.spanId().equals(span.parentSpanId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record of " + delivered + " in " + names(spans)));

        assertThat(List.of(webhook, detected, decided, applied, delivered, recorded))
                .extracting(ReceivedSpan::service)
                .containsExactly(
                        "incident-service",
                        "incident-service",
                        "incident-service",
                        "notify-service",
                        "notify-service",
                        "incident-service");
        assertThat(descends(spans, detected, webhook))
                .as("the signal's decision descends from the webhook")
                .isTrue();
        assertThat(decided.parentSpanId()).isEqualTo(detected.spanId());
        assertThat(applied.parentSpanId()).isEqualTo(decided.spanId());
        assertThat(List.of(webhook, detected, decided, applied, delivered, recorded))
                .extracting(ReceivedSpan::startNanos)
                .isSorted();
        assertThat(detected.attributes()).containsEntry("messaging.destination.name", "kizuki.signals.v1");
        assertThat(applied.attributes())
                .containsEntry("messaging.destination.name", "kizuki.ledger.v1")
                .containsEntry(
                        "messaging.kafka.message.key",
                        incidentsWithDedupKey(dedupKey).getFirst());
        assertThat(delivered.attributes()).containsKey("kizuki.notification.delivered");
    }

    @Test
    void followsACommandFromTheRequestThroughItsDecisionToTheAnswer() {
        String incident = StackClient.openIncident("traced-command");
        String traceId = randomHex(16);

        StackClient.asResponder()
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incident + "/acknowledge")
                .then()
                .statusCode(200);

        List<ReceivedSpan> spans = await().atMost(PATIENCE)
                .until(
                        () -> receiver.trace(traceId),
                        received -> underRequest(
                                        received,
                                        span -> span.name().equals("decide " + AcknowledgeIncident.TYPE),
                                        "/acknowledge")
                                && received.stream()
                                        .anyMatch(span -> span.name().startsWith("kizuki.command-results.v1")));
        ReceivedSpan request = spans.stream()
                .filter(span -> "SERVER".equals(span.kind()) && span.name().contains("/acknowledge"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no request span in " + names(spans)));
        ReceivedSpan decided =
                named(spans, "decide " + AcknowledgeIncident.TYPE).orElseThrow();
        ReceivedSpan answered = spans.stream()
                .filter(span -> span.name().startsWith("kizuki.command-results.v1"))
                .findFirst()
                .orElseThrow();

        assertThat(descends(spans, decided, request))
                .as("the decision descends from the request")
                .isTrue();
        assertThat(answered.parentSpanId()).isEqualTo(decided.spanId());
        assertThat(decided.attributes()).containsEntry("messaging.kafka.message.key", incident);
    }

    @Test
    void followsAReadOfTheConsoleIntoPostgreSql() {
        String traceId = randomHex(16);

        StackClient.asViewer()
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .get(stack.reportUrl() + "/api/v1/incidents")
                .then()
                .statusCode(200);

        List<ReceivedSpan> spans = await().atMost(PATIENCE)
                .until(
                        () -> receiver.trace(traceId),
                        received -> underRequest(
                                received, span -> span.attributes().containsKey("db.system"), "/api/v1/incidents"));
        ReceivedSpan request = spans.stream()
                .filter(span -> "SERVER".equals(span.kind()))
                .findFirst()
                .orElseThrow();
        ReceivedSpan query = spans.stream()
                .filter(span -> span.attributes().containsKey("db.system"))
                .findFirst()
                .orElseThrow();

        assertThat(query.service()).isEqualTo("report-service");
        assertThat(query.kind()).isEqualTo("CLIENT");
        assertThat(query.name()).isEqualTo("SELECT incident_view");
        assertThat(query.attributes())
                .containsEntry("db.operation", "SELECT")
                .containsEntry("db.sql.table", "incident_view");
        assertThat(descends(spans, query, request))
                .as("the query descends from the request")
                .isTrue();
    }

    @Test
    void logsOneJsonLineFormatFromEveryServiceWithTheTraceOfTheRequest() throws IOException {
        String traceId = randomHex(16);
        given().auth()
                .oauth2(LocalStack.DEV_ROUTING_KEY)
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .contentType(ContentType.JSON)
                .body(newAlertPayload("logged"))
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(202);

        JsonNode audit = await().atMost(PATIENCE)
                .until(
                        () -> jsonLog("incident-service").stream()
                                .filter(line -> "kizuki.audit"
                                                .equals(line.path("loggerName").asText())
                                        && traceId.equals(
                                                line.path("mdc").path("traceId").asText()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();

        assertThat(audit.path("level").asText()).isEqualTo("INFO");
        assertThat(audit.path("mdc").path("spanId").asText()).hasSize(16);
        assertThat(audit.path("timestamp").asText()).isNotBlank();
        JsonNode line = JSON.readTree(audit.path("message").asText());
        assertThat(line.path("audit").asText()).isEqualTo("write");
        assertThat(line.path("path").asText()).isEqualTo("/api/v1/signals/alertmanager");
        assertThat(line.path("status").asInt()).isEqualTo(202);
        assertThat(line.path("traceId").asText()).isEqualTo(traceId);
        for (String service : LocalStack.SERVICES) {
            assertThat(jsonLog(service))
                    .as(service + " logs JSON lines with the same fields")
                    .isNotEmpty()
                    .allSatisfy(entry -> assertThat(entry.has("timestamp")
                                    && entry.has("level")
                                    && entry.has("loggerName")
                                    && entry.has("message"))
                            .as(entry.toString())
                            .isTrue());
        }
    }

    /** A service's JSON log lines ({@code logs/<service>.json}), each one read as a JSON object. */
    private static List<JsonNode> jsonLog(String service) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(stack.logs().resolve(service + ".json"))) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** Whether {@code span} is {@code ancestor} or below it, following parents within the trace. */
    private static boolean descends(List<ReceivedSpan> spans, ReceivedSpan span, ReceivedSpan ancestor) {
        Map<String, ReceivedSpan> byId =
                spans.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
        for (ReceivedSpan at = span; at != null; at = byId.get(at.parentSpanId())) {
            if (at.spanId().equals(ancestor.spanId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the spans received so far hold the server span of a request to that path and a span of {@code which}
     * descending from it through spans all received (each service sends its spans in batches of its own).
     */
    private static boolean underRequest(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which, String path) {
        Optional<ReceivedSpan> request = spans.stream()
                .filter(span -> "SERVER".equals(span.kind()) && span.name().contains(path))
                .findFirst();
        return request.isPresent()
                && spans.stream().filter(which).anyMatch(span -> descends(spans, span, request.get()));
    }

    /** Whether the spans received so far hold the opening's apply span, a delivery under it and that one's record. */
    private static boolean recordedDelivery(List<ReceivedSpan> spans) {
        return named(spans, "apply " + IncidentOpened.TYPE)
                .map(applied -> spans.stream()
                        .filter(span -> span.name().startsWith("deliver ")
                                && applied.spanId().equals(span.parentSpanId()))
                        .anyMatch(delivered -> spans.stream()
                                .anyMatch(span -> span.name().equals("decide " + RecordDelivery.TYPE)
                                        && delivered.spanId().equals(span.parentSpanId()))))
                .orElse(false);
    }

    private static Optional<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
        return spans.stream().filter(span -> name.equals(span.name())).findFirst();
    }

    private static List<String> names(List<ReceivedSpan> spans) {
        return spans.stream().map(span -> span.service() + ":" + span.name()).toList();
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(value);
        value[0] |= 1;
        return HexFormat.of().formatHex(value);
    }
}
