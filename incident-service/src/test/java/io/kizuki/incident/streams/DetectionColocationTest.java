package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.incident.domain.IncidentIds;
import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.event.SignalReceived;

/**
 * Detection and the incident decider in one task: an opening is decided in the transaction that detected it, without
 * a trip through the commands topic; a command for an incident of another partition still takes that trip.
 */
class DetectionColocationTest {

    private static final Instant T0 = Instant.parse("2026-12-03T03:00:00Z");
    private static final int PARTITIONS = 3;
    private static final String DEDUP_KEY = "alertmanager:0123456789abcdef0123456789abcdef";

    private final DeciderDriver driver =
            new DeciderDriver("colocation-test", T0, Duration.ofHours(24), CommandCredentials.TRUSTED, PARTITIONS);

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void decidesAnOpeningAndTheAlertsThatJoinItWithoutTheCommandsTopic() {
        driver.signal(DEDUP_KEY, signal("sig-1", "fp-1"));
        driver.signal(DEDUP_KEY, signal("sig-2", "fp-2"));

        assertThat(driver.commandsWritten()).isEmpty();
        assertThat(driver.ledgerTypes())
                .containsExactly(
                        "kizuki.incident.opened.v1",
                        "kizuki.incident.alert-attached.v1",
                        "kizuki.incident.alert-attached.v1");
        var results = driver.results();
        assertThat(results).extracting(r -> r.outcome()).containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED);
        String incidentId = results.getFirst().incidentId();
        assertThat(Colocation.partitionOf(incidentId, PARTITIONS)).isZero();
        assertThat(results.getLast().incidentId()).isEqualTo(incidentId);
    }

    @Test
    void sendsCommandsForAnIncidentOfAnotherPartitionThroughTheCommandsTopic() {
        String elsewhere = elsewhere();
        driver.feedback(new DetectionFeedback.IncidentReopened(DEDUP_KEY, elsewhere));

        driver.signal(DEDUP_KEY, signal("sig-1", "fp-1"));

        assertThat(driver.commandsWritten()).singleElement().satisfies(command -> {
            assertThat(command).isInstanceOf(AttachAlert.class);
            assertThat(command.incidentId()).isEqualTo(elsewhere);
            assertThat(((AttachAlert) command).signal().signalId()).isEqualTo("sig-1");
        });
        assertThat(driver.ledgerTypes()).isEmpty();
    }

    @Test
    void opensTheNextIncidentOfTheStreamOnItsOwnPartitionWhenTheOldOneWasElsewhere() {
        String elsewhere = elsewhere();
        driver.feedback(new DetectionFeedback.IncidentReopened(DEDUP_KEY, elsewhere));
        driver.feedback(new DetectionFeedback.IncidentClosed(DEDUP_KEY, elsewhere));

        driver.signal(DEDUP_KEY, signal("sig-5", "fp-1"));

        assertThat(driver.commandsWritten()).isEmpty();
        assertThat(driver.results()).singleElement().satisfies(result -> assertThat(
                        Colocation.partitionOf(result.incidentId(), PARTITIONS))
                .isZero());
        assertThat(driver.ledgerTypes())
                .containsExactly("kizuki.incident.opened.v1", "kizuki.incident.alert-attached.v1");
    }

    /** An incident id (as opened before incidents were co-located) that lives on another partition than 0. */
    private static String elsewhere() {
        for (int n = 0; ; n++) {
            String id = IncidentIds.FIRST.forOpening("old-" + n);
            if (Colocation.partitionOf(id, PARTITIONS) != 0) {
                return id;
            }
        }
    }

    private static SignalReceived signal(String signalId, String fingerprint) {
        return CommandOutcomeRetentionTest.signal(signalId, DEDUP_KEY, fingerprint);
    }
}
