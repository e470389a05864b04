package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.IncidentDeciderTest.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.IncidentResolved;

class DetectionDeciderTest {

    @Test
    void opensAnIncidentForTheFirstFiringAlertOfAStream() {
        Detection detection = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "firing"));

        String incidentId = DetectionDecider.incidentId("sig-1");
        assertThat(detection.commands()).containsExactly(new OpenIncident(incidentId,
                signal("sig-1", "fp-1", "firing")));
        assertThat(detection.state()).isEqualTo(new DetectionState(incidentId, Set.of("fp-1")));
    }

    @Test
    void ignoresTheSameAlertSentTwiceByAnHaPair() {
        DetectionState state = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "firing"))
                .state();

        Detection again = DetectionDecider.onSignal(state, signal("sig-2", "fp-1", "firing"));

        assertThat(again.commands()).isEmpty();
        assertThat(again.state()).isEqualTo(state);
    }

    @Test
    void attachesANewAlertOfTheSameGroupToTheOpenIncident() {
        DetectionState state = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "firing"))
                .state();

        Detection detection = DetectionDecider.onSignal(state, signal("sig-2", "fp-2", "firing"));

        assertThat(detection.commands()).containsExactly(new AttachAlert(state.openIncidentId(),
                signal("sig-2", "fp-2", "firing")));
    }

    @Test
    void resolvesTheIncidentWhenEveryAlertHasResolved() {
        DetectionState state = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "firing"))
                .state();
        state = DetectionDecider.onSignal(state, signal("sig-2", "fp-2", "firing")).state();
        String incidentId = state.openIncidentId();

        Detection first = DetectionDecider.onSignal(state, signal("sig-3", "fp-1", "resolved"));
        Detection last = DetectionDecider.onSignal(first.state(), signal("sig-4", "fp-2", "resolved"));

        assertThat(first.commands()).isEmpty();
        assertThat(last.commands()).containsExactly(new ResolveIncident(incidentId, IncidentResolved.AUTO, null, null));
        assertThat(last.state().openIncidentId()).isNull();
    }

    @Test
    void opensANewIncidentAfterTheLastOneWasResolvedByAResponder() {
        DetectionState state = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "firing"))
                .state();
        String first = state.openIncidentId();
        state = DetectionDecider.onIncidentClosed(state, first).state();

        Detection detection = DetectionDecider.onSignal(state, signal("sig-2", "fp-1", "firing"));

        String second = DetectionDecider.incidentId("sig-2");
        assertThat(second).isNotEqualTo(first);
        assertThat(detection.commands()).containsExactly(new OpenIncident(second, signal("sig-2", "fp-1", "firing")));
    }

    @Test
    void reopensForAnAlertThatRacedAResolve() {
        DetectionState state = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "firing"))
                .state();
        String first = state.openIncidentId();
        state = DetectionDecider.onSignal(state, signal("sig-2", "fp-2", "firing")).state();

        Detection detection = DetectionDecider.onAlertRejected(state, first, signal("sig-2", "fp-2", "firing"));

        assertThat(detection.commands()).containsExactly(new OpenIncident(
                DetectionDecider.incidentId("sig-2"), signal("sig-2", "fp-2", "firing")));
    }

    @Test
    void neverRepeatsAnIdEvenWhenTheStreamStartsOverFromNothing() {
        String first = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "firing")).state()
                .openIncidentId();

        String afterRebuild = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-9", "fp-1", "firing"))
                .state().openIncidentId();

        assertThat(afterRebuild).isNotEqualTo(first);
        assertThat(DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "firing")).state()
                .openIncidentId()).as("a replay of the same signal").isEqualTo(first);
    }

    @Test
    void ignoresAResolvedAlertItNeverSawFiring() {
        Detection detection = DetectionDecider.onSignal(DetectionState.EMPTY, signal("sig-1", "fp-1", "resolved"));

        assertThat(detection.commands()).isEmpty();
        assertThat(detection.state()).isEqualTo(DetectionState.EMPTY);
    }
}
