package io.kizuki.ledger.event;

import java.time.Instant;

/** A change (deploy, rollback, config change, feature flag) was linked to the incident. */
public record ChangeLinked(
        String incidentId, String changeId, String service, String summary, String linkedBy, Instant linkedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.change-linked.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
