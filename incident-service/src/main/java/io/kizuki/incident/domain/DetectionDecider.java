package io.kizuki.incident.domain;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.SignalReceived;

/**
 * The detection decider: groups the signals of one dedup stream into incidents. Pure functions, no I/O.
 * <ul>
 * <li>a firing alert with no open incident opens one;</li>
 * <li>a new firing alert attaches to the open incident; a repeat (an Alertmanager HA pair sends every
 * notification twice) changes nothing;</li>
 * <li>when every alert of the open incident has resolved, the incident is resolved automatically.</li>
 * </ul>
 */
public final class DetectionDecider {

    private DetectionDecider() {
    }

    public static Detection onSignal(DetectionState state, SignalReceived signal) {
        if (signal.firing()) {
            if (state.openIncidentId() == null) {
                String incidentId = incidentId(signal.signalId());
                return new Detection(new DetectionState(incidentId, Set.of(signal.fingerprint())),
                        List.of(new OpenIncident(incidentId, signal)));
            }
            if (state.firing().contains(signal.fingerprint())) {
                return new Detection(state, List.of());
            }
            return new Detection(
                    new DetectionState(state.openIncidentId(), plus(state.firing(), signal.fingerprint())),
                    List.of(new AttachAlert(state.openIncidentId(), signal)));
        }
        if (state.openIncidentId() == null || !state.firing().contains(signal.fingerprint())) {
            return new Detection(state, List.of());
        }
        Set<String> stillFiring = minus(state.firing(), signal.fingerprint());
        if (stillFiring.isEmpty()) {
            return new Detection(DetectionState.EMPTY,
                    List.of(new ResolveIncident(state.openIncidentId(), IncidentResolved.AUTO, null, null)));
        }
        return new Detection(new DetectionState(state.openIncidentId(), stillFiring), List.of());
    }

    /** The incident was resolved by a responder: the next firing alert opens a new incident. */
    public static Detection onIncidentClosed(DetectionState state, String incidentId) {
        if (!incidentId.equals(state.openIncidentId())) {
            return new Detection(state, List.of());
        }
        return new Detection(DetectionState.EMPTY, List.of());
    }

    /**
     * The incident refused an alert because it was resolved in the meantime: the alert opens a new incident
     * (or joins the one opened since).
     */
    public static Detection onAlertRejected(DetectionState state, String incidentId, SignalReceived signal) {
        return onSignal(onIncidentClosed(state, incidentId).state(), signal);
    }

    /**
     * An incident's id is derived from the signal that opened it: unique in the log (every accepted signal has its own
     * id), so ids never repeat even if the detection state were rebuilt from nothing, and a replay yields the same ids.
     */
    static String incidentId(String openingSignalId) {
        return "inc-" + UUID.nameUUIDFromBytes(("incident|" + openingSignalId).getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> plus(Set<String> set, String value) {
        Set<String> copy = new HashSet<>(set);
        copy.add(value);
        return copy;
    }

    private static Set<String> minus(Set<String> set, String value) {
        Set<String> copy = new HashSet<>(set);
        copy.remove(value);
        return copy;
    }
}
