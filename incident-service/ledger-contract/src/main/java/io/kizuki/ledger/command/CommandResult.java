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
 * @param digest     SHA-256 (hex) of the command's data as decided: the same command id with other data is refused
 *                   ({@link Outcome#ID_REUSED}) instead of being answered with this outcome; {@code null} in outcomes
 *                   decided before it was kept
 */
public record CommandResult(
        String commandId,
        String incidentId,
        Outcome outcome,
        String detail,
        IncidentStatus status,
        long sequence,
        List<RecordedEvent> events,
        String digest)
        implements WireType {

    public static final String TYPE = "kizuki.command.result.v1";

    /**
     * What became of a command. {@code UNAUTHENTICATED} and {@code ID_REUSED} are answers, not decisions: they are not
     * remembered under the command id, so the same command sent again with valid credentials is decided.
     */
    public enum Outcome {
        ACCEPTED,
        NOT_FOUND,
        CONFLICT,
        PRECONDITION_FAILED,
        FORBIDDEN,
        /** The credentials the command needs were missing, expired or could not be verified: send it again. */
        UNAUTHENTICATED,
        /** The command id (an Idempotency-Key) was used before for a command with other data. */
        ID_REUSED
    }

    public CommandResult(
            String commandId,
            String incidentId,
            Outcome outcome,
            String detail,
            IncidentStatus status,
            long sequence,
            List<RecordedEvent> events) {
        this(commandId, incidentId, outcome, detail, status, sequence, events, null);
    }

    public CommandResult withDigest(String commandDigest) {
        return new CommandResult(commandId, incidentId, outcome, detail, status, sequence, events, commandDigest);
    }

    /** One event as written to the ledger. */
    public record RecordedEvent(String id, String type, long sequence, JsonNode data) {}

    @Override
    public String type() {
        return TYPE;
    }
}
