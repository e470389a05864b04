package io.kizuki.ledger.event;

import java.time.Instant;

import io.kizuki.ledger.Severity;

/** A new incident was opened from a signal whose dedup key had no open incident. */
public record IncidentOpened(String incidentId, String title, String product, String service, Severity severity, String dedupKey,
        String source, String firstSignalId, Instant openedAt) implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.opened.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
