package io.kizuki.incident.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.kizuki.incident.security.Caller;
import io.kizuki.incident.service.CommandGateway;
import io.kizuki.incident.service.Ids;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.IncidentResolved;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Responder commands on one incident. Each answers with the events it produced (200), or why it did not (404, 409,
 * 412). {@code Idempotency-Key} makes a retry safe; {@code If-Match} with the sequence from the {@code ETag} gives
 * optimistic concurrency.
 */
@Path("/api/v1/incidents/{incidentId}")
@Tag(name = "Incident commands", description = "Act on an incident")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RolesAllowed(IncidentCommandResource.RESPONDER_ROLE)
@APIResponse(responseCode = "401", description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Not a responder, or not of the incident's product",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "200", description = "Done; the resulting events, and the new sequence as ETag",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentCommandResource.CommandAccepted.class)))
@APIResponse(responseCode = "202", description = "Queued but not decided in time; it will be applied",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentCommandResource.CommandPending.class)))
@APIResponse(responseCode = "404", description = "No such incident",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "409", description = "Not in a state for this command; the current state is given",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "412", description = "If-Match does not match the current sequence",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "Kafka did not take the command; retry after Retry-After",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class IncidentCommandResource {

    private static final Logger LOG = Logger.getLogger(IncidentCommandResource.class);
    private static final Pattern INCIDENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String RESPONDER_ROLE = "responder";

    private final CommandGateway gateway;
    private final Ids ids;
    private final SecurityIdentity identity;

    public IncidentCommandResource(CommandGateway gateway, Ids ids, SecurityIdentity identity) {
        this.gateway = gateway;
        this.ids = ids;
        this.identity = identity;
    }

    /** The events a command produced and where the incident stands now. */
    public record CommandAccepted(String commandId, String incidentId, String status, long sequence,
            List<CommandResult.RecordedEvent> events) {
    }

    /** The command was queued but not decided in time; it will still be applied. */
    public record CommandPending(String commandId, String incidentId, String status) {
    }

    @POST
    @Path("/acknowledge")
    @Operation(summary = "Acknowledge an incident", description = "409 when it is already acknowledged or resolved.")
    public Uni<Response> acknowledge(@PathParam("incidentId") String incidentId,
            @Parameter(description = "Makes a retry of the same request safe") @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Parameter(description = "The sequence (ETag) the caller last saw") @HeaderParam("If-Match") String ifMatch,
            @Context UriInfo uri) {
        validate(incidentId, uri);
        return run(new AcknowledgeIncident(incidentId, expectedSequence(ifMatch, uri), caller().productList()),
                "acknowledge", idempotencyKey, uri);
    }

    @POST
    @Path("/resolve")
    @Operation(summary = "Resolve an incident", description = "409 when it is already resolved.")
    public Uni<Response> resolve(@PathParam("incidentId") String incidentId,
            @Parameter(description = "Makes a retry of the same request safe") @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Parameter(description = "The sequence (ETag) the caller last saw") @HeaderParam("If-Match") String ifMatch,
            @Context UriInfo uri) {
        validate(incidentId, uri);
        return run(new ResolveIncident(incidentId, IncidentResolved.MANUAL, expectedSequence(ifMatch, uri),
                caller().productList()), "resolve", idempotencyKey, uri);
    }

    private Uni<Response> run(IncidentCommand command, String action, String idempotencyKey, UriInfo uri) {
        String commandId = commandId(command.incidentId(), action, idempotencyKey, uri);
        return gateway.send(commandId, command, caller().actor())
                .map(result -> toResponse(commandId, command, result, uri))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warn("Kafka did not take a command", failure);
                    return Problem.of(503, "unavailable", "Service unavailable",
                            "the command could not be stored; retry the request", uri.getPath())
                            .toResponseBuilder().header(HttpHeaders.RETRY_AFTER, 1).build();
                });
    }

    private static Response toResponse(String commandId, IncidentCommand command, CommandResult result, UriInfo uri) {
        if (result == null) {
            return Response.accepted(new CommandPending(commandId, command.incidentId(), "pending")).build();
        }
        String status = result.status() == null ? null : result.status().name();
        return switch (result.outcome()) {
            case ACCEPTED -> Response.ok(new CommandAccepted(commandId, result.incidentId(), status, result.sequence(),
                    result.events())).tag(new EntityTag(Long.toString(result.sequence()))).build();
            case NOT_FOUND -> Problem.of(404, "not-found", "Incident not found", result.detail(), uri.getPath())
                    .toResponse();
            case FORBIDDEN -> Problem.of(403, "forbidden", "Forbidden", result.detail(), uri.getPath()).toResponse();
            case CONFLICT -> Problem.of(409, "conflict", "Conflict", result.detail(), uri.getPath())
                    .with("incidentId", result.incidentId())
                    .with("currentStatus", status)
                    .with("currentSequence", result.sequence())
                    .toResponse();
            case PRECONDITION_FAILED -> Problem.of(412, "precondition-failed", "Precondition failed", result.detail(),
                    uri.getPath())
                    .with("incidentId", result.incidentId())
                    .with("currentStatus", status)
                    .with("currentSequence", result.sequence())
                    .toResponse();
        };
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    private String commandId(String incidentId, String action, String idempotencyKey, UriInfo uri) {
        if (idempotencyKey == null) {
            return ids.get().toString();
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            throw invalidHeader("Idempotency-Key", "must be 1 to 255 characters", uri);
        }
        return UUID.nameUUIDFromBytes((incidentId + "|" + action + "|" + idempotencyKey)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Long expectedSequence(String ifMatch, UriInfo uri) {
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
                throw invalidHeader("If-Match", "must be a sequence number of 1 or more", uri);
            }
            return sequence;
        } catch (NumberFormatException e) {
            throw invalidHeader("If-Match", "must be the incident's sequence, as given in its ETag", uri);
        }
    }

    private static void validate(String incidentId, UriInfo uri) {
        if (!INCIDENT_ID.matcher(incidentId).matches()) {
            throw new ProblemException(Problem.of(400, "validation", "Invalid incident id",
                    "incident ids are 1 to 128 letters, digits, '.', '_', ':' or '-'", uri.getPath())
                    .withErrors(List.of(new Problem.FieldError("incidentId", "has an invalid form"))));
        }
    }

    private static ProblemException invalidHeader(String header, String detail, UriInfo uri) {
        return new ProblemException(Problem.of(400, "validation", "Invalid header", header + " " + detail,
                uri.getPath()).withErrors(List.of(new Problem.FieldError(header, detail))));
    }
}
