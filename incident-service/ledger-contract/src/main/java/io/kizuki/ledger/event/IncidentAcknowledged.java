package io.kizuki.ledger.event;

import java.time.Instant;

/** A responder took the incident: paging stops escalating. */
public record IncidentAcknowledged(String incidentId, String acknowledgedBy, Instant acknowledgedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.acknowledged.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
