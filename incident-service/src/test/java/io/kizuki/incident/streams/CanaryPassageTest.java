package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.event.CanaryPassed;
import io.kizuki.ledger.event.CanarySent;

/** The dead-man's switch's canary through detection and the decider: recorded as decided, never an incident. */
class CanaryPassageTest {

    private static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");

    private final DeciderDriver driver =
            new DeciderDriver("canary-test", T0, Duration.ofHours(24), CommandCredentials.TRUSTED, 3);

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void recordsEachCanaryAsDecidedOnKizukisOwnStreamAndOpensNothing() {
        driver.canary(new CanarySent("canary-1", "1@host", T0, T0.plusSeconds(120)));
        driver.canary(new CanarySent("canary-2", "1@host", T0.plusSeconds(60), T0.plusSeconds(180)));

        var records = driver.ledgerRecords();
        assertThat(records).extracting(record -> record.key()).containsOnly(CanaryPassed.STREAM);
        assertThat(records)
                .extracting(record -> CloudEventHeaders.type(record.headers()))
                .containsExactly(CanaryPassed.TYPE, CanaryPassed.TYPE);
        var passed = records.stream()
                .map(record -> (CanaryPassed) WireSupport.CODEC
                        .decode(CloudEventHeaders.read(record.headers(), record.value()))
                        .orElseThrow())
                .toList();
        assertThat(passed)
                .extracting(CanaryPassed::canaryId, CanaryPassed::stage, CanaryPassed::deadline)
                .containsExactly(
                        tuple("canary-1", CanaryPassed.DECIDED, T0.plusSeconds(120)),
                        tuple("canary-2", CanaryPassed.DECIDED, T0.plusSeconds(180)));
        assertThat(driver.results()).extracting(r -> r.outcome()).containsOnly(Outcome.ACCEPTED);
        assertThat(driver.deadLetters()).isEmpty();
    }
}
