package io.kizuki.ledger.command;

/**
 * Sent by the detection decider: a producer said something went wrong on its side (e.g. Alertmanager truncated the
 * alerts of a notification), to be shown on the incident.
 */
public record RecordWarning(String incidentId, String warning, String signalId) implements IncidentCommand {

    public static final String TYPE = "kizuki.command.record-warning.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
