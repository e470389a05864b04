package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.event.SignalReceived;

/** The incident decider keeps command outcomes for their retention only, then forgets them. */
class CommandOutcomeRetentionTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(24);

    private final DeciderDriver driver =
            new DeciderDriver("outcome-retention-test", T0, RETENTION, CommandCredentials.TRUSTED);

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void repeatsTheFirstOutcomeWithinTheRetentionAndDecidesAgainAfterIt() {
        open("cmd-1");
        assertThat(outcomes()).containsExactly(Outcome.ACCEPTED);
        assertThat(driver.ledgerTypes()).isNotEmpty();

        driver.advanceWallClockTime(RETENTION.minusHours(1));
        open("cmd-1");
        assertThat(outcomes()).containsExactly(Outcome.ACCEPTED);
        assertThat(driver.ledgerTypes()).isEmpty();

        driver.advanceWallClockTime(Duration.ofHours(2));
        open("cmd-1");
        assertThat(outcomes()).containsExactly(Outcome.CONFLICT);
        assertThat(driver.ledgerTypes()).isEmpty();
    }

    static OpenIncident opening(String incidentId) {
        return new OpenIncident(incidentId, signal("sig-1", "alertmanager:abc", "fp-1"), null);
    }

    /** A firing alert of this dedup stream. */
    static SignalReceived signal(String signalId, String dedupKey, String fingerprint) {
        return signal(signalId, dedupKey, fingerprint, SignalReceived.FIRING);
    }

    static SignalReceived signal(String signalId, String dedupKey, String fingerprint, String status) {
        return new SignalReceived(
                signalId,
                "alertmanager",
                dedupKey,
                fingerprint,
                status,
                "Disk full",
                "shop",
                "shop-db",
                Severity.SEV2,
                Map.of("alertname", "DiskFull"),
                Map.of(),
                T0,
                null,
                T0,
                null,
                "integration:test",
                "saturation",
                List.of(),
                List.of());
    }

    private void open(String commandId) {
        driver.send(commandId, opening("inc-1"), "kizuki:detection");
    }

    private List<Outcome> outcomes() {
        return driver.results().stream().map(CommandResult::outcome).toList();
    }
}
