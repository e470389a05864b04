package io.kizuki.incident.domain;

import java.util.List;

import io.kizuki.ledger.command.IncidentCommand;

/**
 * The outcome of the detection decider: its new state, the changes to the stream's firing fingerprints, in order, and
 * the commands to send to incident streams.
 */
public record Detection(DetectionState state, List<FiringChange> changes, List<IncidentCommand> commands) {

    static Detection unchanged(DetectionState state) {
        return new Detection(state, List.of(), List.of());
    }
}
