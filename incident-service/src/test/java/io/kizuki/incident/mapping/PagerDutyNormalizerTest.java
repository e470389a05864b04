package io.kizuki.incident.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.incident.integration.Integration;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem.FieldError;

class PagerDutyNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private final PagerDutyNormalizer normalizer = new PagerDutyNormalizer(AlertmanagerNormalizerTest.CLASSIFIER);
    private final Integration shop = integration("int-shop", "shop-probe");
    private final Integration other = integration("int-other", "other-probe");

    private static Integration integration(String id, String name) {
        return new Integration(
                id, name, "shop", "R0UT1NGK", "salt", "hash", Integration.Status.ACTIVE, NOW, NOW, "user:admin", null);
    }

    @Test
    void turnsATriggerIntoAFiringSignalOfTheIntegrationsProduct() {
        var result = normalize(json("""
                {"routing_key":"R0UT1NGKEYSHOP00000000000000000A","event_action":"trigger","dedup_key":"db-disk",
                 "payload":{"summary":"Disk 95% full on db-1","source":"db-1","severity":"critical",
                  "component":"shop-db","group":"shop","class":"disk","timestamp":"2026-11-22T02:59:00+00:00"},
                 "client":"Nagios","client_url":"https://nagios.example/db-1",
                 "links":[{"href":"https://grafana.example/d/db","text":"dashboard"}],
                 "images":[{"src":"https://grafana.example/render/db.png"}]}"""), shop);

        assertThat(result.errors()).isEmpty();
        SignalReceived signal = result.signals().getFirst();
        assertThat(result.signals().getFirst().fingerprint()).isEqualTo("db-disk");
        assertThat(signal.status()).isEqualTo(SignalReceived.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.SEV1);
        assertThat(signal.product()).isEqualTo("shop");
        assertThat(signal.service()).isEqualTo("shop-db");
        assertThat(signal.fingerprint()).isEqualTo("db-disk");
        assertThat(signal.startsAt()).isEqualTo(Instant.parse("2026-11-22T02:59:00Z"));
        assertThat(signal.signalClass()).isEqualTo(Classifier.SATURATION);
        assertThat(signal.links())
                .containsExactly(
                        new Link("source", "https://nagios.example/db-1"),
                        new Link("dashboard", "https://grafana.example/d/db"),
                        new Link("image", "https://grafana.example/render/db.png"));
        assertThat(signal.original().has("routing_key"))
                .as("the credential is not kept")
                .isFalse();
        assertThat(signal.original().path("payload").path("summary").asText()).isEqualTo("Disk 95% full on db-1");
    }

    @Test
    void generatesADedupKeyForATriggerWithoutOne() {
        var result = normalize(json("""
                {"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}
                """), shop);

        assertThat(result.signals().getFirst().fingerprint()).matches("[0-9a-f]{32}");
        assertThat(result.signals().getFirst().fingerprint())
                .isEqualTo(result.signals().getFirst().fingerprint());
    }

    @Test
    void keepsEachIntegrationsDedupKeysApart() {
        String ack = """
                {"routing_key":"k","event_action":"acknowledge","dedup_key":"db-disk"}""";

        var mine = normalize(json(ack), shop);
        var theirs = normalize(json(ack), other);

        assertThat(mine.signals().getFirst().status()).isEqualTo(SignalReceived.ACKNOWLEDGED);
        assertThat(mine.signals().getFirst().dedupKey())
                .isNotEqualTo(theirs.signals().getFirst().dedupKey());
    }

    @Test
    void refusesWhatPagerDutyRefusesInItsOwnWords() {
        var result = normalize(json("""
                {"routing_key":"k","event_action":"trigger","dedup_key":"%s",
                 "payload":{"summary":"%s","severity":"fatal"}}""".formatted("d".repeat(256), "s".repeat(1025))), shop);

        assertThat(result.signals()).isEmpty();
        assertThat(sentences(result.errors()))
                .anyMatch(e -> e.contains("'dedup_key' is too long"))
                .anyMatch(e -> e.contains("'payload.summary' is too long"))
                .anyMatch(e -> e.contains("'payload.source'"))
                .anyMatch(e -> e.contains("'payload.severity'"));
    }

    @Test
    void needsADedupKeyToAcknowledgeOrResolveAndAKnownAction() {
        assertThat(sentences(
                        normalize(json("{\"event_action\":\"resolve\"}"), shop).errors()))
                .anyMatch(e -> e.contains("'dedup_key' is required"));
        assertThat(sentences(
                        normalize(json("{\"event_action\":\"snooze\"}"), shop).errors()))
                .anyMatch(e -> e.contains("'event_action'"));
    }

    @Test
    void readsAChangeEventForTheServiceItNames() {
        var change = PagerDutyNormalizer.change(json("""
                {"routing_key":"k","payload":{"summary":"Deploy 812","source":"ci-runner-3",
                 "custom_details":{"service":"shop-checkout","version":"2026.11.22-1","kind":"rollback"}}}"""), shop);

        assertThat(change.errors()).isEmpty();
        assertThat(change.command().stream()).isEqualTo("service:shop-checkout");
        assertThat(change.command().kind()).isEqualTo("rollback");
        assertThat(change.command().version()).isEqualTo("2026.11.22-1");
        assertThat(change.command().product()).isEqualTo("shop");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private SignalNormalizer.Normalized normalize(JsonNode event, Integration integration) {
        return normalizer.normalize(
                new PagerDutyNormalizer.Event(event, integration),
                new SignalNormalizer.Sender(
                        Set.of(integration.product()), "integration:" + integration.name(), NOW, UUID::randomUUID));
    }

    private static List<String> sentences(List<FieldError> errors) {
        return errors.stream().map(PagerDutyNormalizer::sentence).toList();
    }
}
