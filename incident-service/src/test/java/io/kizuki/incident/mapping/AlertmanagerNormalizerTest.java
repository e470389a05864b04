package io.kizuki.incident.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem.FieldError;

class AlertmanagerNormalizerTest {

    private static final Set<String> SHOP = Set.of("shop");

    @Test
    void normalisesEachAlertWithTheGroupAsDedupKey() {
        var result = normalize("""
                {"version":"4","groupKey":"{}:{alertname=\\"DiskFull\\"}","status":"firing","alerts":[
                 {"status":"firing","labels":{"alertname":"DiskFull","service":"shop-db","severity":"critical"},
                  "annotations":{"summary":"Disk 95% full"},"startsAt":"2026-11-22T03:00:00Z",
                  "endsAt":"0001-01-01T00:00:00Z","fingerprint":"f1"},
                 {"status":"resolved","labels":{"alertname":"DiskFull","job":"db"},
                  "startsAt":"2026-11-22T02:00:00+09:00","endsAt":"2026-11-22T03:00:00Z"}]}
                """, SHOP);

        assertThat(result.errors()).isEmpty();
        assertThat(result.signals()).hasSize(2);
        var first = result.signals().get(0);
        assertThat(first.dedupKey())
                .startsWith("alertmanager:")
                .isEqualTo(result.signals().get(1).dedupKey());
        assertThat(first.title()).isEqualTo("Disk 95% full");
        assertThat(first.service()).isEqualTo("shop-db");
        assertThat(first.severity()).isEqualTo(Severity.SEV1);
        assertThat(first.endsAt()).isNull();
        assertThat(first.original().get("fingerprint").asText()).isEqualTo("f1");
        assertThat(first.product()).isEqualTo("shop");
        var second = result.signals().get(1);
        assertThat(second.service()).isEqualTo("db");
        assertThat(second.fingerprint()).hasSize(16);
        assertThat(second.startsAt()).isEqualTo(Instant.parse("2026-11-21T17:00:00Z"));
    }

    @Test
    void namesEveryFieldAtFault() {
        var result = normalize("""
                {"version":"4","alerts":[
                 {"status":"burning","labels":{"alertname":3},"startsAt":"yesterday"}]}
                """, SHOP);

        assertThat(result.signals()).isEmpty();
        assertThat(result.errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "groupKey", "alerts[0].status", "alerts[0].labels.alertname", "alerts[0].startsAt");
    }

    @Test
    void rejectsAnotherWebhookVersionAndMissingAlerts() {
        var result = normalize("""
                {"version":"3","groupKey":"","alerts":[]}
                """, SHOP);

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("version", "groupKey", "alerts");
    }

    @Test
    void refusesAlertsOfAProductTheCallerMayNotPushFor() {
        var result = normalize("""
                {"version":"4","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X","product":"payments"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """, SHOP);

        assertThat(result.signals()).isEmpty();
        assertThat(result.forbidden()).extracting(FieldError::field).containsExactly("alerts[0].labels.product");
    }

    @Test
    void keepsProductsApartInTheDedupKey() {
        String body = """
                {"version":"4","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X","product":"%s"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """;
        Set<String> both = Set.of("shop", "payments");

        var shop = normalize(body.formatted("shop"), both);
        var payments = normalize(body.formatted("payments"), both);

        assertThat(shop.signals().get(0).dedupKey())
                .isNotEqualTo(payments.signals().get(0).dedupKey());
    }

    @Test
    void refusesCallersBoundToNoProduct() {
        var result = normalize("""
                {"version":"4","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X","product":"shop"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """, Set.of());

        assertThat(result.forbidden()).extracting(FieldError::field).containsExactly("alerts[0].labels.product");
    }

    @Test
    void asksForTheProductWhenTheCallerHasSeveral() {
        var result = normalize("""
                {"version":"4","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """, Set.of("shop", "payments"));

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("alerts[0].labels.product");
    }

    @Test
    void readsAnyNumberOfAlertsWhateverTheOrderOfTheFields() {
        StringBuilder alerts = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            alerts.append(i == 0 ? "" : ",").append("""
                    {"status":"firing","labels":{"alertname":"PodCrashLooping","pod":"p-%d"},"startsAt":"2026-11-22T03:00:00Z"}
                    """.formatted(i));
        }

        var result = normalize("{\"alerts\":[" + alerts + "],\"version\":\"4\",\"groupKey\":\"g\"}", SHOP);

        assertThat(result.errors()).isEmpty();
        assertThat(result.signals()).hasSize(5_000);
        assertThat(result.signals()).extracting(SignalReceived::fingerprint).doesNotHaveDuplicates();
        assertThat(result.signals())
                .extracting(SignalReceived::dedupKey)
                .containsOnly(result.signals().get(0).dedupKey());
    }

    @Test
    void listsTheFirstHundredFieldsAtFaultAndCountsTheRest() {
        StringBuilder alerts = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            alerts.append(i == 0 ? "" : ",")
                    .append("{\"status\":\"burning\",\"labels\":{\"a\":\"b\"},"
                            + "\"startsAt\":\"2026-11-22T03:00:00Z\"}");
        }

        var result = normalize("{\"version\":\"4\",\"groupKey\":\"g\",\"alerts\":[" + alerts + "]}", SHOP);

        assertThat(result.errors()).hasSize(AlertmanagerNormalizer.MAX_LISTED_ERRORS);
        assertThat(result.unlisted()).isEqualTo(50);
        assertThat(result.signals()).isEmpty();
    }

    @Test
    void warnsOnEverySignalOfAWebhookThatAlertmanagerTruncated() {
        var result = normalize("""
                {"version":"4","groupKey":"g","truncatedAlerts":120,"alerts":[
                 {"status":"firing","labels":{"alertname":"X"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """, SHOP);

        assertThat(result.signals().get(0).warnings())
                .singleElement()
                .asString()
                .contains("120 alerts")
                .contains("max_alerts");
    }

    @Test
    void keepsTheLinksAndTheClassOfEachAlert() {
        var result = normalize("""
                {"version":"4","groupKey":"g","externalURL":"http://am.example:9093","alerts":[
                 {"status":"firing","labels":{"alertname":"CheckoutLatencyHigh","service":"shop-checkout"},
                  "annotations":{"runbook_url":"https://runbooks.example/latency"},
                  "generatorURL":"http://prometheus.example/graph?g0.expr=x",
                  "startsAt":"2026-11-22T03:00:00Z"},
                 {"status":"firing","labels":{"alertname":"Whatever","class":"saturation"},
                  "startsAt":"2026-11-22T03:00:00Z"}]}
                """, SHOP);

        var first = result.signals().get(0);
        assertThat(first.signalClass()).isEqualTo(Classifier.LATENCY);
        assertThat(first.links())
                .containsExactly(
                        new Link("source", "http://prometheus.example/graph?g0.expr=x"),
                        new Link("runbook", "https://runbooks.example/latency"),
                        new Link("alertmanager", "http://am.example:9093"));
        assertThat(first.integration()).isEqualTo("integration:test");
        assertThat(result.signals().get(1).signalClass()).isEqualTo(Classifier.SATURATION);
    }

    @Test
    void readsGrafanasWebhookAndKeepsItsUrlsAsLinks() {
        normalizer = new AlertmanagerNormalizer(new ObjectMapper(), CLASSIFIER, AlertmanagerNormalizer.Flavor.GRAFANA);

        var result = normalize("""
                {"receiver":"kizuki","status":"firing","orgId":1,"alerts":[{"status":"firing",
                  "labels":{"alertname":"HighCPU","grafana_folder":"shop","service":"shop-api"},
                  "annotations":{"summary":"CPU above 90%"},"startsAt":"2026-11-22T03:00:00Z",
                  "endsAt":"0001-01-01T00:00:00Z","generatorURL":"https://grafana.example/alerting/grafana/abc/view",
                  "fingerprint":"57c6d9296de2ad39","silenceURL":"https://grafana.example/alerting/silence/new",
                  "dashboardURL":"https://grafana.example/d/shop","panelURL":"https://grafana.example/d/shop?viewPanel=2",
                  "imageURL":"https://grafana.example/render/shop.png","values":{"B":91.2},"valueString":"[ B=91.2 ]"}],
                 "groupLabels":{"alertname":"HighCPU"},"commonLabels":{},"commonAnnotations":{},
                 "externalURL":"https://grafana.example/","version":"1",
                 "groupKey":"{}/{alertname=\\"HighCPU\\"}:{alertname=\\"HighCPU\\"}","truncatedAlerts":0,
                 "title":"[FIRING:1] HighCPU","state":"alerting","message":"CPU above 90%"}
                """, SHOP);

        assertThat(result.errors()).isEmpty();
        var signal = result.signals().get(0);
        assertThat(signal.source()).isEqualTo("grafana");
        assertThat(signal.dedupKey()).startsWith("grafana:");
        assertThat(signal.signalClass()).isEqualTo(Classifier.SATURATION);
        assertThat(signal.links())
                .extracting(Link::rel)
                .containsExactly("source", "dashboard", "panel", "silence", "image", "grafana");
        assertThat(signal.warnings()).isEmpty();
    }

    @Test
    void refusesAGrafanaVersionOnTheAlertmanagerEndpoint() {
        var result = normalize("""
                {"version":"1","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """, SHOP);

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("version");
    }

    @Test
    void givesTheSameSignalsFromWhatTheFirstReadingKept() throws IOException {
        byte[] body = """
                {"alerts":[{"status":"firing","labels":{"alertname":"A"},"startsAt":"2026-11-22T03:00:00Z"},
                 {"status":"resolved","labels":{"alertname":"B"},"startsAt":"2026-11-22T03:00:00Z"}],
                 "version":"4","groupKey":"g","truncatedAlerts":3}""".getBytes(StandardCharsets.UTF_8);
        var kept = new AlertmanagerNormalizer.Kept();
        var caller = new SignalNormalizer.Sender(SHOP, "integration:test", Instant.EPOCH, UUID::randomUUID);

        var scan = normalizer.scan(body, SHOP, kept);
        List<SignalReceived> fromKept = normalizer
                .normalize(new AlertmanagerNormalizer.Scanned(scan, kept), caller)
                .signals();
        List<SignalReceived> reread = new ArrayList<>();
        normalizer.signals(body, scan, caller, reread::add);

        assertThat(fromKept)
                .extracting(SignalReceived::fingerprint, SignalReceived::status, SignalReceived::warnings)
                .isEqualTo(reread.stream()
                        .map(signal -> org.assertj.core.groups.Tuple.tuple(
                                signal.fingerprint(), signal.status(), signal.warnings()))
                        .toList());
        assertThat(fromKept).hasSize(2);
    }

    @Test
    void refusesABodyThatIsNotJson() {
        assertThatThrownBy(() -> normalizer.scan("{\"version\":\"4\",".getBytes(StandardCharsets.UTF_8), SHOP, null))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> normalizer.scan("{} trailing".getBytes(StandardCharsets.UTF_8), SHOP, null))
                .isInstanceOf(IOException.class);
    }

    /** Both readings, as the ingestion endpoint does them. */
    record Result(List<SignalReceived> signals, List<FieldError> errors, List<FieldError> forbidden, int unlisted) {}

    static final Classifier CLASSIFIER =
            new Classifier("\\bdown\\b|unreachable", "latenc|slow", "error|fail", "saturat|cpu|disk|full");
    private AlertmanagerNormalizer normalizer =
            new AlertmanagerNormalizer(new ObjectMapper(), CLASSIFIER, AlertmanagerNormalizer.Flavor.ALERTMANAGER);

    private Result normalize(String body, Set<String> products) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            var scan = normalizer.scan(bytes, products, null);
            List<SignalReceived> signals = new ArrayList<>();
            if (scan.valid()) {
                normalizer.signals(
                        bytes,
                        scan,
                        new SignalNormalizer.Sender(products, "integration:test", Instant.EPOCH, UUID::randomUUID),
                        signals::add);
            }
            return new Result(signals, scan.errors(), scan.forbidden(), scan.unlistedErrors());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
