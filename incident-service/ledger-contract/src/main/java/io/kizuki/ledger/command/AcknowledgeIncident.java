package io.kizuki.ledger.command;

/** A responder acknowledges the incident. */
public record AcknowledgeIncident(String incidentId, Long expectedSequence) implements IncidentCommand {

    public static final String TYPE = "kizuki.command.acknowledge-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
