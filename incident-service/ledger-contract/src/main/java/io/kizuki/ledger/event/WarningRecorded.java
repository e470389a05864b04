package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * A producer reported a problem on its side for this incident's alerts, e.g. Alertmanager's {@code truncatedAlerts}:
 * some alerts of the group were never sent.
 */
public record WarningRecorded(String incidentId, String warning, String signalId, Instant recordedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.warning-recorded.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
