package io.kizuki.ledger.command;

import io.kizuki.ledger.event.SignalReceived;

/** Sent by the detection decider: open a new incident for this signal. */
public record OpenIncident(String incidentId, SignalReceived signal) implements IncidentCommand {

    public static final String TYPE = "kizuki.command.open-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
