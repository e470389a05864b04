package io.kizuki.ledger.command;

import io.kizuki.ledger.event.SignalReceived;

/**
 * Sent by the detection decider: open a new incident for this signal.
 *
 * @param recurrenceOf the incident of the same dedup stream that was resolved before, or {@code null}
 */
public record OpenIncident(String incidentId, SignalReceived signal, String recurrenceOf) implements IncidentCommand {

    public static final String TYPE = "kizuki.command.open-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
