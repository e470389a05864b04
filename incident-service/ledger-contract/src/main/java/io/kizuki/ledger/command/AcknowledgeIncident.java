package io.kizuki.ledger.command;

import java.util.List;

/** A responder acknowledges the incident. */
public record AcknowledgeIncident(String incidentId, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.acknowledge-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
