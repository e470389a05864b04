package io.kizuki.ledger.command;

import io.kizuki.ledger.event.SignalReceived;

/** Sent by the detection decider: a new alert belongs to this open incident. */
public record AttachAlert(String incidentId, SignalReceived signal) implements IncidentCommand {

    public static final String TYPE = "kizuki.command.attach-alert.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
