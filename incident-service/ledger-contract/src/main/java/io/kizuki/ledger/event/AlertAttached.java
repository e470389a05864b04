package io.kizuki.ledger.event;

import java.time.Instant;

/** An alert (a firing signal) became part of the incident. */
public record AlertAttached(String incidentId, String signalId, String fingerprint, String title, Instant attachedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.alert-attached.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
