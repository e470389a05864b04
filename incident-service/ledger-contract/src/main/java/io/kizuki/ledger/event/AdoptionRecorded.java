package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * Another product said what it does with a prevention action this incident's postmortem shared (横展開).
 *
 * @param product         the incident's product, which shared the action
 * @param adoptingProduct the product that answered
 * @param status          one of {@link io.kizuki.ledger.Vocabulary#ADOPTION_STATUSES}
 */
public record AdoptionRecorded(
        String incidentId,
        String product,
        String actionItemId,
        String adoptingProduct,
        String status,
        String note,
        String recordedBy,
        Instant recordedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.adoption-recorded.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
