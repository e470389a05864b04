package io.kizuki.ledger.command;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.WireType;

/**
 * What the incident decider made of one command, on {@code kizuki.command-results.v1}.
 *
 * @param commandId  the command's id ({@code ce_id} of the command)
 * @param incidentId the target stream
 * @param outcome    accepted, or why not
 * @param detail     a sentence for a person when not accepted
 * @param status     the incident's status after the decision, {@code null} when it does not exist
 * @param sequence   the stream's sequence after the decision (0 when it does not exist)
 * @param events     the events the command produced, in order
 */
public record CommandResult(String commandId, String incidentId, Outcome outcome, String detail,
        IncidentStatus status, long sequence, List<RecordedEvent> events) implements WireType {

    public static final String TYPE = "kizuki.command.result.v1";

    public enum Outcome {
        ACCEPTED, NOT_FOUND, CONFLICT, PRECONDITION_FAILED, FORBIDDEN
    }

    /** One event as written to the ledger. */
    public record RecordedEvent(String id, String type, long sequence, JsonNode data) {
    }

    @Override
    public String type() {
        return TYPE;
    }
}
