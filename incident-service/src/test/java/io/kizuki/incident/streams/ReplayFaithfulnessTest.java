package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kizuki.incident.replay.ReplayRules;
import io.kizuki.incident.replay.ReplaySandbox;
import io.kizuki.ledger.command.ReopenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.SignalReceived;

/**
 * The replay's check of itself: the signals and the people's resolves and reopens that the deciders' real topology
 * turned into incidents, replayed with today's rules, open the very same incidents, under the same ids, and each one
 * is kept.
 */
class ReplayFaithfulnessTest {

    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
    private static final int PARTITIONS = 3;

    private final DeciderDriver driver =
            new DeciderDriver("replay-faithfulness", T0, Duration.ofHours(24), CommandCredentials.TRUSTED, PARTITIONS);
    private final ReplaySandbox sandbox = new ReplaySandbox(ReplayRules.TODAY);
    private final List<String> opened = new ArrayList<>();

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void replaysTodaysSignalsIntoTodaysIncidentsUnderTheirIds() {
        signal(firing("a1", "stream-a", "fp-1"));
        signal(firing("a2", "stream-a", "fp-2"));
        signal(firing("a1-again", "stream-a", "fp-1"));
        signal(firing("b1", "stream-b", "fp-1"));
        signal(resolved("b1-resolved", "stream-b", "fp-1"));
        signal(firing("b2", "stream-b", "fp-1"));
        String first = opened.getFirst();
        resolve(first);
        signal(firing("a3", "stream-a", "fp-1"));
        String fourth = opened.getLast();
        reopen(first);
        resolve(fourth);
        reopen(fourth);
        signal(firing("a4", "stream-a", "fp-9"));
        signal(firing("c1", "stream-c", "fp-1").withSilence("silence-1"));
        signal(firing("c2", "stream-c", "fp-2"));

        assertThat(opened).hasSize(5).doesNotHaveDuplicates();
        assertThat(sandbox.outcomes()).containsOnlyKeys(opened);
        assertThat(List.copyOf(sandbox.outcomes().keySet())).isEqualTo(opened);
        assertThat(sandbox.outcomes().values()).containsOnly("kept");
        var result = sandbox.result();
        assertThat(result.actual().incidents()).isEqualTo(5);
        assertThat(result.draft().incidents()).isEqualTo(5);
        assertThat(result.pagesNotSent()).isZero();
        assertThat(result.pagesAdded()).isZero();
        assertThat(result.actual().silenced()).isEqualTo(1);
    }

    private void signal(SignalReceived signal) {
        driver.signal(signal.dedupKey(), signal);
        opened.addAll(driver.openedIncidents());
        sandbox.signal(signal, new Colocation(0, PARTITIONS));
    }

    private void resolve(String incidentId) {
        driver.send(
                "resolve-" + incidentId,
                new ResolveIncident(incidentId, IncidentResolved.MANUAL, null, null),
                "user:ann");
        opened.addAll(driver.openedIncidents());
        sandbox.resolved(incidentId);
    }

    private void reopen(String incidentId) {
        driver.send(
                "reopen-" + incidentId + opened.size(),
                new ReopenIncident(incidentId, "again", null, null),
                "user:ann");
        opened.addAll(driver.openedIncidents());
        sandbox.reopened(incidentId);
    }

    private static SignalReceived firing(String signalId, String dedupKey, String fingerprint) {
        return CommandOutcomeRetentionTest.signal(signalId, dedupKey, fingerprint, SignalReceived.FIRING);
    }

    private static SignalReceived resolved(String signalId, String dedupKey, String fingerprint) {
        return CommandOutcomeRetentionTest.signal(signalId, dedupKey, fingerprint, SignalReceived.RESOLVED);
    }
}
