package io.kizuki.ledger.command;

import java.util.List;

import io.kizuki.ledger.IncidentStatus;

/** A responder says where the work stands: investigating, identified or monitoring. */
public record SetStatus(
        String incidentId, IncidentStatus status, String note, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.set-status.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
