package io.kizuki.ledger.command;

import java.util.List;

/** Close a resolved incident: nothing more is expected of it. */
public record CloseIncident(String incidentId, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.close-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
