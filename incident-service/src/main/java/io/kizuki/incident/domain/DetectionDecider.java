package io.kizuki.incident.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.RecordWarning;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.SignalReceived;

/**
 * The detection decider: groups the signals of one dedup stream into incidents. Pure functions, no I/O.
 * <ul>
 * <li>a firing alert with no open incident opens one, naming the stream's previous incident as a recurrence; one a
 * silence matched when it was received opens nothing (an incident already open takes it as any other) and is kept as
 * suppressed by that silence until it resolves or comes again unsilenced (see {@link FiringChange.Suppressed});</li>
 * <li>a new firing alert attaches to the open incident; a repeat (an Alertmanager HA pair sends every
 * notification twice) changes nothing;</li>
 * <li>when every alert of the open incident has resolved, the incident is resolved automatically;</li>
 * <li>an {@code acknowledged} signal (PagerDuty's {@code event_action}) acknowledges the open incident; for a stream
 * with none it changes nothing;</li>
 * <li>a producer warning (e.g. truncated alerts) is recorded on the open incident once, until it changes.</li>
 * </ul>
 */
public final class DetectionDecider {

    private DetectionDecider() {}

    /**
     * @param alreadyFiring whether the signal's fingerprint is among the stream's firing fingerprints
     * @param suppressedBy  the silence the signal's fingerprint is kept as suppressed by, if it is
     * @param ids           how an incident this signal opens is named
     */
    public static Detection onSignal(
            DetectionState state, boolean alreadyFiring, String suppressedBy, SignalReceived signal, IncidentIds ids) {
        if (signal.firing() && state.openIncidentId() == null && signal.silencedBy() != null) {
            // recorded on the signals topic with its silence; it opens nothing, so nobody is paged
            if (signal.silencedBy().equals(suppressedBy)) {
                return Detection.unchanged(state);
            }
            List<FiringChange> changes = new ArrayList<>();
            if (suppressedBy != null) {
                changes.add(new FiringChange.Lifted(signal.fingerprint(), suppressedBy));
            }
            changes.add(new FiringChange.Suppressed(signal));
            return new Detection(state, changes, List.of());
        }
        Detection detection = grouped(state, alreadyFiring, signal, ids);
        if (suppressedBy == null || SignalReceived.ACKNOWLEDGED.equals(signal.status())) {
            return detection;
        }
        // it resolved, or came again unsilenced (its silence over, or an incident of its stream open since)
        List<FiringChange> changes = new ArrayList<>();
        changes.add(new FiringChange.Lifted(signal.fingerprint(), suppressedBy));
        changes.addAll(detection.changes());
        return new Detection(detection.state(), changes, detection.commands());
    }

    private static Detection grouped(
            DetectionState state, boolean alreadyFiring, SignalReceived signal, IncidentIds ids) {
        if (signal.firing()) {
            if (state.openIncidentId() == null) {
                String incidentId = ids.forOpening(signal.signalId());
                List<IncidentCommand> commands = new ArrayList<>();
                commands.add(new OpenIncident(incidentId, signal, state.lastIncidentId()));
                DetectionState opened =
                        warned(new DetectionState(incidentId, 1, state.lastIncidentId(), null), signal, commands);
                return new Detection(opened, List.of(new FiringChange.Add(signal.fingerprint())), commands);
            }
            List<IncidentCommand> commands = new ArrayList<>();
            if (alreadyFiring) {
                return new Detection(warned(state, signal, commands), List.of(), commands);
            }
            commands.add(new AttachAlert(state.openIncidentId(), signal));
            DetectionState attached = new DetectionState(
                    state.openIncidentId(), state.firingCount() + 1, state.lastIncidentId(), state.lastWarning());
            return new Detection(
                    warned(attached, signal, commands), List.of(new FiringChange.Add(signal.fingerprint())), commands);
        }
        if (SignalReceived.ACKNOWLEDGED.equals(signal.status())) {
            return state.openIncidentId() == null
                    ? Detection.unchanged(state)
                    : new Detection(
                            state, List.of(), List.of(new AcknowledgeIncident(state.openIncidentId(), null, null)));
        }
        if (state.openIncidentId() == null || !alreadyFiring) {
            return Detection.unchanged(state);
        }
        List<FiringChange> changes = List.of(new FiringChange.Remove(signal.fingerprint()));
        if (state.firingCount() <= 1) {
            return new Detection(
                    state.closed(),
                    changes,
                    List.of(new ResolveIncident(state.openIncidentId(), IncidentResolved.AUTO, null, null)));
        }
        return new Detection(
                new DetectionState(
                        state.openIncidentId(), state.firingCount() - 1, state.lastIncidentId(), state.lastWarning()),
                changes,
                List.of());
    }

    /** The incident was resolved by a responder: the next firing alert opens a new incident. */
    public static Detection onIncidentClosed(DetectionState state, String incidentId) {
        if (!incidentId.equals(state.openIncidentId())) {
            return Detection.unchanged(state);
        }
        return new Detection(state.closed(), List.of(new FiringChange.Clear()), List.of());
    }

    /** A responder reopened the incident: unless another incident of the stream is open, new alerts attach to it. */
    public static Detection onIncidentReopened(DetectionState state, String incidentId) {
        if (state.openIncidentId() != null) {
            return Detection.unchanged(state);
        }
        return new Detection(new DetectionState(incidentId, 0, state.lastIncidentId(), null), List.of(), List.of());
    }

    /**
     * The incident refused an alert because it was resolved in the meantime: the alert opens a new incident
     * (or joins the one opened since).
     *
     * @param alreadyFiring whether the alert's fingerprint is among the firing ones of the stream's open incident,
     *                      if that is not the incident that refused it
     * @param suppressedBy  the silence the alert's fingerprint is kept as suppressed by, if it is
     * @param ids           how an incident the alert opens is named
     */
    public static Detection onAlertRejected(
            DetectionState state,
            String incidentId,
            boolean alreadyFiring,
            String suppressedBy,
            SignalReceived signal,
            IncidentIds ids) {
        Detection closed = onIncidentClosed(state, incidentId);
        boolean firing = closed.changes().isEmpty() && alreadyFiring;
        Detection next = onSignal(closed.state(), firing, suppressedBy, signal, ids);
        List<FiringChange> changes = new ArrayList<>(closed.changes());
        changes.addAll(next.changes());
        return new Detection(next.state(), changes, next.commands());
    }

    private static DetectionState warned(DetectionState state, SignalReceived signal, List<IncidentCommand> commands) {
        if (signal.warnings().isEmpty()) {
            return state;
        }
        String warning = String.join("; ", signal.warnings());
        if (Objects.equals(warning, state.lastWarning())) {
            return state;
        }
        commands.add(new RecordWarning(state.openIncidentId(), warning, signal.signalId()));
        return new DetectionState(state.openIncidentId(), state.firingCount(), state.lastIncidentId(), warning);
    }
}
