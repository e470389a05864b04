package io.kizuki.ledger.event;

import java.time.Instant;

/** A person was given a role on the incident. */
public record RoleAssigned(String incidentId, String role, String assignee, String assignedBy, Instant assignedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.role-assigned.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
