package io.kizuki.incident.rest;

import java.util.List;
import java.util.stream.Stream;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.kizuki.incident.service.Ids;
import io.kizuki.ledger.StableId;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;

/**
 * What every command request carries besides its body: {@code Idempotency-Key} (a retry is the same command) and
 * {@code If-Match} (the sequence the caller last saw), read and checked here for every resource that sends commands.
 */
public final class CommandRequest {

    @Parameter(description = "Makes a retry of the same request safe")
    @HeaderParam("Idempotency-Key")
    String idempotencyKey;

    @Parameter(
            description = "The sequence (ETag) the caller last saw; 412 if the incident changed since "
                    + "(notify-service's records of pages and deliveries and its escalations aside)")
    @HeaderParam("If-Match")
    String ifMatch;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    /** The request's path, as problems name it. */
    String path() {
        return uri.getPath();
    }

    /**
     * A fresh command id, or with an Idempotency-Key the same id for the same scope (the caller, the target and the
     * action) and key: one caller's key never names another's command, and the decider refuses the id for a command
     * with other data.
     */
    String commandId(Ids ids, String... scope) {
        if (idempotencyKey == null) {
            return ids.get().toString();
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            throw invalidHeader("Idempotency-Key", "must be 1 to 255 characters");
        }
        return StableId.of(
                Stream.concat(Stream.of(scope), Stream.of(idempotencyKey)).toArray(String[]::new));
    }

    /** The sequence of {@code If-Match}, quoted or not; {@code null} without the header. */
    Long expectedSequence() {
        if (ifMatch == null) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long sequence = Long.parseLong(value);
            if (sequence < 1) {
                throw invalidHeader("If-Match", "must be a sequence number of 1 or more");
            }
            return sequence;
        } catch (NumberFormatException e) {
            throw invalidHeader("If-Match", "must be the incident's sequence, as given in its ETag");
        }
    }

    private ProblemException invalidHeader(String header, String detail) {
        return new ProblemException(Problem.of(400, "validation", "Invalid header", header + " " + detail, path())
                .withErrors(List.of(new Problem.FieldError(header, detail))));
    }
}
