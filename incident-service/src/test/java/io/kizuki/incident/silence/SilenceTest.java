package io.kizuki.incident.silence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.SignalReceived;

class SilenceTest {

    private static final Instant NOW = Instant.parse("2026-12-05T22:00:00Z");

    private static Silence silence(String id, String service, Map<String, String> labels, Instant createdAt) {
        return new Silence(
                id,
                "shop",
                service,
                labels,
                NOW.minusSeconds(3600),
                NOW.plusSeconds(3600),
                "database upgrade",
                "user:responder",
                createdAt,
                null,
                null);
    }

    private static SignalReceived signal(String product, String service, Map<String, String> labels, Instant at) {
        return new SignalReceived(
                "sig-1",
                "alertmanager",
                "dk",
                "fp",
                "firing",
                "Checkout down",
                product,
                service,
                null,
                labels,
                Map.of(),
                at,
                null,
                at,
                null,
                null,
                "other",
                List.of(),
                List.of());
    }

    @Test
    void silencesTheSignalsOfItsProductServiceAndLabelsWithinItsWindow() {
        Silence checkout = silence("s-1", "checkout", Map.of("env", "prod"), NOW);
        assertThat(checkout.silences(signal("shop", "checkout", Map.of("env", "prod", "pod", "a"), NOW)))
                .isTrue();
        assertThat(checkout.silences(signal("shop", "checkout", Map.of("env", "staging"), NOW)))
                .isFalse();
        assertThat(checkout.silences(signal("shop", "search", Map.of("env", "prod"), NOW)))
                .isFalse();
        assertThat(checkout.silences(signal("payments", "checkout", Map.of("env", "prod"), NOW)))
                .isFalse();
        assertThat(checkout.silences(signal("shop", "checkout", Map.of("env", "prod"), NOW.plusSeconds(3600))))
                .as("its end is not in it")
                .isFalse();
        assertThat(silence("s-2", null, null, NOW).silences(signal("shop", "anything", null, NOW)))
                .isTrue();
    }

    @Test
    void anEndedSilenceSilencesNothingFromItsEnd() {
        Silence ended = silence("s-1", null, null, NOW).ended("user:admin", NOW.plusSeconds(60));
        assertThat(ended.silences(signal("shop", "checkout", null, NOW.plusSeconds(59))))
                .isTrue();
        assertThat(ended.silences(signal("shop", "checkout", null, NOW.plusSeconds(60))))
                .isFalse();
        assertThat(ended.until()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void ofTwoMatchingSilencesTheOneMadeFirstIsNamedAndTheSignalCarriesItOnTheWire() {
        Silence first = silence("s-b", null, null, NOW.minusSeconds(10));
        Silence second = silence("s-a", null, null, NOW);
        SignalReceived signal = signal("shop", "checkout", null, NOW);
        assertThat(Silence.matching(List.of(second, first), signal)).contains(first);

        WireCodec codec = new WireCodec();
        SignalReceived silenced = signal.withSilence(first.silenceId());
        SignalReceived decoded = (SignalReceived) codec.decode(new Envelope(
                        "e-1",
                        "/test",
                        SignalReceived.TYPE,
                        "dk",
                        NOW,
                        null,
                        null,
                        null,
                        "test",
                        codec.encode(silenced)))
                .orElseThrow();
        assertThat(decoded.silencedBy()).isEqualTo("s-b");
        assertThat(decoded.signalId()).isEqualTo("sig-1");
    }
}
