package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.IncidentDeciderTest.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.RecordWarning;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.SignalReceived;

/** Given signals, when a signal or feedback arrives, then these commands — with the firing set kept as the store does. */
class DetectionDeciderTest {

    /** One dedup stream: its state and its firing fingerprints, changed as the processor changes its store. */
    private DetectionState state = DetectionState.EMPTY;

    private final Set<String> firing = new HashSet<>();

    /** Its suppressed fingerprints, each with its silence. */
    private final Map<String, String> suppressed = new HashMap<>();

    /** The alerts written beside their silences, as the compacted topic keeps them (a lift deletes). */
    private final Map<String, SignalReceived> suppressedAlerts = new HashMap<>();

    private List<IncidentCommand> receive(SignalReceived signal) {
        return apply(DetectionDecider.onSignal(
                state,
                firing.contains(signal.fingerprint()),
                suppressed.get(signal.fingerprint()),
                signal,
                IncidentIds.FIRST));
    }

    private List<IncidentCommand> apply(Detection detection) {
        state = detection.state();
        detection.changes().forEach(change -> {
            switch (change) {
                case FiringChange.Add add -> firing.add(add.fingerprint());
                case FiringChange.Remove remove -> firing.remove(remove.fingerprint());
                case FiringChange.Clear clear -> firing.clear();
                case FiringChange.Suppressed alert -> {
                    suppressed.put(alert.signal().fingerprint(), alert.signal().silencedBy());
                    suppressedAlerts.put(
                            alert.signal().silencedBy() + "/" + alert.signal().fingerprint(), alert.signal());
                }
                case FiringChange.Lifted lifted -> {
                    assertThat(suppressed.remove(lifted.fingerprint())).isEqualTo(lifted.silenceId());
                    suppressedAlerts.remove(lifted.silenceId() + "/" + lifted.fingerprint());
                }
            }
        });
        return detection.commands();
    }

    @Test
    void opensAnIncidentForTheFirstFiringAlertOfAStream() {
        var commands = receive(signal("sig-1", "fp-1", "firing"));

        String incidentId = IncidentIds.FIRST.forOpening("sig-1");
        assertThat(commands).containsExactly(new OpenIncident(incidentId, signal("sig-1", "fp-1", "firing"), null));
        assertThat(state).isEqualTo(new DetectionState(incidentId, 1, null, null));
        assertThat(firing).containsExactly("fp-1");
    }

    @Test
    void aSilencedAlertOpensNothingAndOnceTheSilenceEndsTheSameAlertOpensAnIncident() {
        assertThat(receive(signal("sig-1", "fp-1", "firing").withSilence("sil-1")))
                .isEmpty();
        assertThat(state).isEqualTo(DetectionState.EMPTY);
        assertThat(firing).isEmpty();
        assertThat(receive(signal("sig-2", "fp-1", "resolved").withSilence("sil-1")))
                .isEmpty();

        assertThat(receive(signal("sig-3", "fp-1", "firing"))).singleElement().isInstanceOf(OpenIncident.class);
    }

    @Test
    void aSilencedAlertIsKeptAsSuppressedByItsSilenceOnceUntilItResolves() {
        receive(signal("sig-1", "fp-1", "firing").withSilence("sil-1"));
        receive(signal("sig-2", "fp-2", "firing").withSilence("sil-1"));
        DetectionState before = state;
        var repeat = DetectionDecider.onSignal(
                state, false, "sil-1", signal("sig-3", "fp-1", "firing").withSilence("sil-1"), IncidentIds.FIRST);

        assertThat(repeat.changes()).as("a repeat writes nothing").isEmpty();
        assertThat(suppressedAlerts).containsOnlyKeys("sil-1/fp-1", "sil-1/fp-2");
        assertThat(suppressedAlerts.get("sil-1/fp-1").signalId()).isEqualTo("sig-1");

        assertThat(receive(signal("sig-4", "fp-1", "resolved"))).isEmpty();
        assertThat(suppressedAlerts).containsOnlyKeys("sil-1/fp-2");
        assertThat(state).isEqualTo(before);
    }

    @Test
    void aSuppressedAlertSentAgainAfterItsSilenceOpensAnIncidentAndIsNoLongerSuppressed() {
        receive(signal("sig-1", "fp-1", "firing").withSilence("sil-1"));

        assertThat(receive(signal("sig-2", "fp-1", "firing"))).singleElement().isInstanceOf(OpenIncident.class);
        assertThat(suppressedAlerts).isEmpty();
        assertThat(firing).containsExactly("fp-1");
    }

    @Test
    void aSuppressedAlertMatchedByAnotherSilenceLaterMovesToThatSilence() {
        receive(signal("sig-1", "fp-1", "firing").withSilence("sil-1"));

        receive(signal("sig-2", "fp-1", "firing").withSilence("sil-2"));

        assertThat(suppressedAlerts).containsOnlyKeys("sil-2/fp-1");
        assertThat(suppressed).containsExactly(Map.entry("fp-1", "sil-2"));
    }

    @Test
    void aSuppressedAlertSentAgainWhileAnotherOpenedAnIncidentJoinsItAndIsNoLongerSuppressed() {
        receive(signal("sig-1", "fp-1", "firing").withSilence("sil-1"));
        receive(signal("sig-2", "fp-2", "firing"));

        assertThat(receive(signal("sig-3", "fp-1", "firing").withSilence("sil-1")))
                .singleElement()
                .isInstanceOf(AttachAlert.class);
        assertThat(suppressedAlerts).isEmpty();
        assertThat(firing).containsExactlyInAnyOrder("fp-1", "fp-2");
    }

    @Test
    void anAcknowledgementLeavesASuppressedAlertSuppressed() {
        receive(signal("sig-1", "fp-1", "firing").withSilence("sil-1"));

        receive(signal("sig-2", "fp-1", SignalReceived.ACKNOWLEDGED));

        assertThat(suppressedAlerts).containsOnlyKeys("sil-1/fp-1");
    }

    @Test
    void aSilencedAlertOfAnIncidentAlreadyOpenIsAttachedAsAnyOther() {
        receive(signal("sig-1", "fp-1", "firing"));

        assertThat(receive(signal("sig-2", "fp-2", "firing").withSilence("sil-1")))
                .singleElement()
                .isInstanceOf(AttachAlert.class);
    }

    @Test
    void ignoresTheSameAlertSentTwiceByAnHaPair() {
        receive(signal("sig-1", "fp-1", "firing"));
        DetectionState before = state;

        assertThat(receive(signal("sig-2", "fp-1", "firing"))).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @Test
    void attachesANewAlertOfTheSameGroupToTheOpenIncident() {
        receive(signal("sig-1", "fp-1", "firing"));

        var commands = receive(signal("sig-2", "fp-2", "firing"));

        assertThat(commands)
                .containsExactly(new AttachAlert(state.openIncidentId(), signal("sig-2", "fp-2", "firing")));
        assertThat(state.firingCount()).isEqualTo(2);
    }

    @Test
    void resolvesTheIncidentWhenEveryAlertHasResolved() {
        receive(signal("sig-1", "fp-1", "firing"));
        receive(signal("sig-2", "fp-2", "firing"));
        String incidentId = state.openIncidentId();

        var first = receive(signal("sig-3", "fp-1", "resolved"));
        var last = receive(signal("sig-4", "fp-2", "resolved"));

        assertThat(first).isEmpty();
        assertThat(last).containsExactly(new ResolveIncident(incidentId, IncidentResolved.AUTO, null, null));
        assertThat(state.openIncidentId()).isNull();
        assertThat(firing).isEmpty();
    }

    @Test
    void opensANewIncidentAfterTheLastOneWasResolvedByAResponderNamingItAsRecurrence() {
        receive(signal("sig-1", "fp-1", "firing"));
        String first = state.openIncidentId();
        apply(DetectionDecider.onIncidentClosed(state, first));

        var commands = receive(signal("sig-2", "fp-1", "firing"));

        String second = IncidentIds.FIRST.forOpening("sig-2");
        assertThat(second).isNotEqualTo(first);
        assertThat(commands).containsExactly(new OpenIncident(second, signal("sig-2", "fp-1", "firing"), first));
    }

    @Test
    void reopensForAnAlertThatRacedAResolve() {
        receive(signal("sig-1", "fp-1", "firing"));
        String first = state.openIncidentId();
        receive(signal("sig-2", "fp-2", "firing"));
        var rejected = signal("sig-2", "fp-2", "firing");

        var commands = apply(DetectionDecider.onAlertRejected(
                state, first, firing.contains("fp-2"), null, rejected, IncidentIds.FIRST));

        assertThat(commands).containsExactly(new OpenIncident(IncidentIds.FIRST.forOpening("sig-2"), rejected, first));
        assertThat(firing).containsExactly("fp-2");
    }

    @Test
    void neverRepeatsAnIdEvenWhenTheStreamStartsOverFromNothing() {
        String first = DetectionDecider.onSignal(
                        DetectionState.EMPTY, false, null, signal("sig-1", "fp-1", "firing"), IncidentIds.FIRST)
                .state()
                .openIncidentId();

        String afterRebuild = DetectionDecider.onSignal(
                        DetectionState.EMPTY, false, null, signal("sig-9", "fp-1", "firing"), IncidentIds.FIRST)
                .state()
                .openIncidentId();

        assertThat(afterRebuild).isNotEqualTo(first);
        assertThat(DetectionDecider.onSignal(
                                DetectionState.EMPTY, false, null, signal("sig-1", "fp-1", "firing"), IncidentIds.FIRST)
                        .state()
                        .openIncidentId())
                .as("a replay of the same signal")
                .isEqualTo(first);
    }

    @Test
    void namesTheIncidentAsItsPlacementSaysAndAttachesLaterAlertsToThatName() {
        IncidentIds third = signalId -> IncidentIds.candidate(signalId, 2);

        var opened =
                DetectionDecider.onSignal(DetectionState.EMPTY, false, null, signal("sig-1", "fp-1", "firing"), third);
        state = opened.state();
        firing.add("fp-1");

        String incidentId = IncidentIds.candidate("sig-1", 2);
        assertThat(opened.commands())
                .containsExactly(new OpenIncident(incidentId, signal("sig-1", "fp-1", "firing"), null));
        assertThat(incidentId).isNotEqualTo(IncidentIds.FIRST.forOpening("sig-1"));
        assertThat(receive(signal("sig-2", "fp-2", "firing")))
                .containsExactly(new AttachAlert(incidentId, signal("sig-2", "fp-2", "firing")));
    }

    @Test
    void ignoresAResolvedAlertItNeverSawFiring() {
        assertThat(receive(signal("sig-1", "fp-1", "resolved"))).isEmpty();
        assertThat(state).isEqualTo(DetectionState.EMPTY);
    }

    @Test
    void acknowledgesTheOpenIncidentForAnAcknowledgedSignalAndIgnoresItForAStreamWithNone() {
        assertThat(receive(signal("sig-0", "fp-1", SignalReceived.ACKNOWLEDGED)))
                .isEmpty();
        receive(signal("sig-1", "fp-1", "firing"));

        var commands = receive(signal("sig-2", "fp-1", SignalReceived.ACKNOWLEDGED));

        assertThat(commands).containsExactly(new AcknowledgeIncident(state.openIncidentId(), null, null));
    }

    @Test
    void recordsAProducerWarningOnceUntilItChanges() {
        var truncated = withWarning(signal("sig-1", "fp-1", "firing"), "left out 5 alerts");
        var opening = receive(truncated);
        String incidentId = state.openIncidentId();

        var repeat = receive(withWarning(signal("sig-2", "fp-1", "firing"), "left out 5 alerts"));
        var changed = receive(withWarning(signal("sig-3", "fp-2", "firing"), "left out 7 alerts"));

        assertThat(opening)
                .containsExactly(
                        new OpenIncident(incidentId, truncated, null),
                        new RecordWarning(incidentId, "left out 5 alerts", "sig-1"));
        assertThat(repeat).isEmpty();
        assertThat(changed).hasSize(2).last().isEqualTo(new RecordWarning(incidentId, "left out 7 alerts", "sig-3"));
    }

    @Test
    void keepsTenThousandAlertsOfOneGroupInOneIncident() {
        for (int i = 0; i < 10_000; i++) {
            receive(signal("sig-" + i, "fp-" + i, "firing"));
        }

        assertThat(state.firingCount()).isEqualTo(10_000);
        assertThat(state.openIncidentId()).isEqualTo(IncidentIds.FIRST.forOpening("sig-0"));
    }

    private static SignalReceived withWarning(SignalReceived s, String warning) {
        return new SignalReceived(
                s.signalId(),
                s.source(),
                s.dedupKey(),
                s.fingerprint(),
                s.status(),
                s.title(),
                s.product(),
                s.service(),
                s.severity(),
                s.labels(),
                s.annotations(),
                s.startsAt(),
                s.endsAt(),
                s.receivedAt(),
                s.original(),
                s.integration(),
                s.signalClass(),
                s.links(),
                List.of(warning));
    }
}
