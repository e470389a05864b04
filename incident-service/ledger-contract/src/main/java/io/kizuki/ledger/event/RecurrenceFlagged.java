package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * Prevention did not hold: an incident like an earlier one, whose prevention actions were all done, opened again.
 * Recorded on both incidents.
 *
 * @param otherIncidentId the incident on the other side
 * @param relation        {@link #RECURRENCE_OF} on the new incident, {@link #RECURRED_AS} on the earlier one
 * @param matchedBy       {@link #SAME_DEDUP_KEY} or {@link #SAME_SERVICE_AND_CLASS}
 */
public record RecurrenceFlagged(
        String incidentId,
        String product,
        String otherIncidentId,
        String relation,
        String matchedBy,
        String flaggedBy,
        Instant flaggedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.recurrence-flagged.v1";
    public static final String RECURRENCE_OF = "recurrence-of";
    public static final String RECURRED_AS = "recurred-as";
    public static final String SAME_DEDUP_KEY = "dedup-key";
    public static final String SAME_SERVICE_AND_CLASS = "service-and-class";

    @Override
    public String type() {
        return TYPE;
    }
}
