package io.kizuki.ledger.command;

import java.util.List;

import io.kizuki.ledger.Severity;

/** A responder declares an incident by hand (no alert opened it). */
public record DeclareIncident(
        String incidentId,
        String title,
        String product,
        String service,
        Severity severity,
        String summary,
        String commander,
        List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.declare-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
