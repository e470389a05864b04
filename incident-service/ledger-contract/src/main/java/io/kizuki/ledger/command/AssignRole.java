package io.kizuki.ledger.command;

import java.util.List;

/** Give a person a role on the incident: commander, responder, sre or communications. */
public record AssignRole(
        String incidentId, String role, String assignee, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.assign-role.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
