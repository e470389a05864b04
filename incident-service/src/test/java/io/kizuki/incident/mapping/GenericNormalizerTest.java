package io.kizuki.incident.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.core.MediaType;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem.FieldError;

/** Kizuki's own format, behind the same interface as every producer's. */
class GenericNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T03:00:00Z");
    private final GenericNormalizer normalizer = new GenericNormalizer(AlertmanagerNormalizerTest.CLASSIFIER);

    @Test
    void makesOneSignalOnTheStreamOfItsProductAndDedupKey() {
        var normalized = normalize("""
                {"title":"Nightly export failed","service":"shop-export","severity":"SEV3","dedupKey":"nightly",
                 "labels":{"job":"export"},"class":"error-rate"}""", "shop", Set.of("shop"));

        assertThat(normalized.valid()).isTrue();
        SignalReceived signal = normalized.signals().getFirst();
        assertThat(signal.source()).isEqualTo("generic");
        assertThat(signal.dedupKey()).isEqualTo(StreamKeys.of("generic", "shop", "nightly"));
        assertThat(signal.fingerprint()).isEqualTo("nightly");
        assertThat(signal.status()).isEqualTo(SignalReceived.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.SEV3);
        assertThat(signal.startsAt()).isEqualTo(NOW);
        assertThat(signal.integration()).isEqualTo("integration:script");
        assertThat(signal.labels()).containsEntry("job", "export");
    }

    @Test
    void keysASignalWithoutDedupKeyByServiceAndTitle() {
        var normalized = normalize("{\"title\":\"Queue stuck\",\"service\":\"shop-mail\"}", "shop", Set.of("*"));

        assertThat(normalized.signals().getFirst().dedupKey())
                .isEqualTo(StreamKeys.of("generic", "shop", "shop-mail|Queue stuck"));
    }

    @Test
    void namesEveryFieldAtFaultAndMakesNoSignal() {
        var normalized = normalize(
                "{\"severity\":\"SEV3\",\"status\":\"sleeping\",\"class\":\"" + "c".repeat(33) + "\"}",
                "shop",
                Set.of("shop"));

        assertThat(normalized.signals()).isEmpty();
        assertThat(normalized.errors()).extracting(FieldError::field).contains("title", "service", "status", "class");
    }

    @Test
    void refusesAProductTheSenderMayNotPushFor() {
        var normalized =
                normalize("{\"title\":\"t\",\"service\":\"s\",\"product\":\"payments\"}", "payments", Set.of("shop"));

        assertThat(normalized.signals()).isEmpty();
        assertThat(normalized.errors()).isEmpty();
        assertThat(normalized.forbidden()).extracting(FieldError::field).containsExactly("product");
    }

    private SignalNormalizer.Normalized normalize(String body, String product, Set<String> allowed) {
        JsonBody json = JsonBody.parse(
                body.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON_TYPE, "/api/v1/signals", true);
        return normalizer.normalize(
                new GenericNormalizer.Request(json, product),
                new SignalNormalizer.Sender(allowed, "integration:script", NOW, UUID::randomUUID));
    }
}
