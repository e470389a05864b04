package io.kizuki.ledger.command;

import java.util.List;

/** A responder reopens a resolved incident: it needs someone again. */
public record ReopenIncident(String incidentId, String reason, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.reopen-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
