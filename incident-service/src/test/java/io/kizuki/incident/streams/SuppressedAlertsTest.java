package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kizuki.incident.silence.SuppressedAlert;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.SignalReceived;

/** What a silence suppresses, kept by detection beside the silences: written once, deleted when it resolves. */
class SuppressedAlertsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T07:00:00Z");
    private static final String STREAM = "alertmanager:maintenance";
    private static final WireCodec CODEC = new WireCodec(Map.of(SuppressedAlert.TYPE, SuppressedAlert.class));

    private final DeciderDriver driver =
            new DeciderDriver("suppressed-test", T0, Duration.ofHours(24), CommandCredentials.TRUSTED);

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void writesASuppressedAlertOnceBesideItsSilenceAndATombstoneWhenItResolves() {
        SignalReceived first = signal("sig-1", "fp-1", SignalReceived.FIRING).withSilence("sil-1");
        driver.signal(STREAM, first);
        driver.signal(STREAM, signal("sig-2", "fp-1", SignalReceived.FIRING).withSilence("sil-1"));

        var written = driver.silenceRecords();
        String key = SuppressedAlert.key("sil-1", STREAM, "fp-1");
        assertThat(written).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(key).startsWith("sil-1/");
            SuppressedAlert alert =
                    (SuppressedAlert) CODEC.decode(CloudEventHeaders.read(record.headers(), record.value()))
                            .orElseThrow();
            assertThat(alert)
                    .isEqualTo(new SuppressedAlert(
                            "sil-1",
                            "shop",
                            "shop-db",
                            STREAM,
                            "fp-1",
                            "Disk full",
                            Severity.SEV2,
                            Map.of("alertname", "DiskFull"),
                            first.receivedAt(),
                            "sig-1"));
        });
        assertThat(driver.openedIncidents()).isEmpty();

        driver.signal(STREAM, signal("sig-3", "fp-1", SignalReceived.RESOLVED));

        assertThat(driver.silenceRecords()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(key);
            assertThat(record.value()).as("a tombstone").isNull();
        });
        assertThat(driver.ledgerRecords()).isEmpty();
    }

    @Test
    void aSuppressedAlertSentAgainUnsilencedOpensItsIncidentAndIsDeletedBesideItsSilence() {
        driver.signal(STREAM, signal("sig-1", "fp-1", SignalReceived.FIRING).withSilence("sil-1"));
        driver.silenceRecords();

        driver.signal(STREAM, signal("sig-2", "fp-1", SignalReceived.FIRING));

        assertThat(driver.openedIncidents()).hasSize(1);
        assertThat(driver.silenceRecords()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(SuppressedAlert.key("sil-1", STREAM, "fp-1"));
            assertThat(record.value()).isNull();
        });
    }

    private static SignalReceived signal(String signalId, String fingerprint, String status) {
        return CommandOutcomeRetentionTest.signal(signalId, STREAM, fingerprint, status);
    }
}
