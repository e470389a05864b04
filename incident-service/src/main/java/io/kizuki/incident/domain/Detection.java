package io.kizuki.incident.domain;

import java.util.List;

import io.kizuki.ledger.command.IncidentCommand;

/** The outcome of the detection decider: its new state and the commands to send to incident streams. */
public record Detection(DetectionState state, List<IncidentCommand> commands) {
}
