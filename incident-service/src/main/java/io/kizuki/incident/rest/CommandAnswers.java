package io.kizuki.incident.rest;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.kizuki.ledger.command.CommandResult;
import io.kizuki.web.Problem;
import io.smallrye.mutiny.Uni;

/**
 * A command's decision as an HTTP answer, one way for every resource that sends commands: what the resource makes of
 * an accepted command, 202 when it was queued but not decided in time, and the same problem for each refusal (404,
 * 403, 409 and 412 naming where the stream stands, 422 for a reused Idempotency-Key) and for a command Kafka did not
 * take or that could not be authorised now (503 with Retry-After).
 */
public final class CommandAnswers {

    private static final Logger LOG = Logger.getLogger(CommandAnswers.class);

    private CommandAnswers() {}

    /** The events a command produced and where the incident stands now. */
    public record CommandAccepted(
            String commandId,
            String incidentId,
            String status,
            long sequence,
            List<CommandResult.RecordedEvent> events) {}

    /** The command was queued but not decided in time; it will still be applied. */
    public record CommandPending(String commandId, String incidentId, String status) {}

    /** The answer to a command sent: {@code accepted} for its events, {@code pending} when not decided in time. */
    static Uni<Response> answer(
            Uni<CommandResult> decision,
            String path,
            Function<CommandResult, Response> accepted,
            Supplier<Response> pending) {
        return decision.map(result -> result == null
                        ? pending.get()
                        : result.outcome() == CommandResult.Outcome.ACCEPTED
                                ? accepted.apply(result)
                                : refusal(result, path))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warn("Kafka did not take a command", failure);
                    return unavailable("the command could not be stored; retry the request", path);
                });
    }

    /** The problem for a command the decider did not accept. */
    static Response refusal(CommandResult result, String path) {
        String status = result.status() == null ? null : result.status().name();
        return switch (result.outcome()) {
            case NOT_FOUND ->
                Problem.of(404, "not-found", "Incident not found", result.detail(), path)
                        .toResponse();
            case FORBIDDEN ->
                Problem.of(403, "forbidden", "Forbidden", result.detail(), path).toResponse();
            case ID_REUSED ->
                Problem.of(
                                422,
                                "idempotency-key-reused",
                                "Idempotency-Key reused",
                                "this Idempotency-Key was used for another request; use a new key for a new request",
                                path)
                        .withErrors(List.of(new Problem.FieldError("Idempotency-Key", "was used for another request")))
                        .toResponse();
            case UNAUTHENTICATED -> unavailable("the command could not be authorised now; retry the request", path);
            case CONFLICT ->
                Problem.of(409, "conflict", "Conflict", result.detail(), path)
                        .with("incidentId", result.incidentId())
                        .with("currentStatus", status)
                        .with("currentSequence", result.sequence())
                        .toResponse();
            case PRECONDITION_FAILED ->
                Problem.of(412, "precondition-failed", "Precondition failed", result.detail(), path)
                        .with("incidentId", result.incidentId())
                        .with("currentStatus", status)
                        .with("currentSequence", result.sequence())
                        .toResponse();
            case ACCEPTED -> throw new IllegalArgumentException("an accepted command is no refusal");
        };
    }

    private static Response unavailable(String detail, String path) {
        return Problem.of(503, "unavailable", "Service unavailable", detail, path)
                .toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, 1)
                .build();
    }
}
