package io.kizuki.ledger.command;

import java.util.List;

/**
 * Resolve the incident: sent by a responder ({@code manual}) or by the detection decider when every
 * alert of the incident resolved ({@code auto}).
 */
public record ResolveIncident(String incidentId, String resolution, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.resolve-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
