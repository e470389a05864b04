package io.kizuki.ledger.command;

import java.time.Instant;
import java.util.List;

/** A responder records what happened, when it happened: a note, decision, action or communication. */
public record AddTimelineEntry(
        String incidentId,
        String entryId,
        String kind,
        String action,
        String text,
        Instant occurredAt,
        Long expectedSequence,
        List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.add-timeline-entry.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
