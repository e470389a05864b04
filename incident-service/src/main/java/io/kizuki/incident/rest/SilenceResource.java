package io.kizuki.incident.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.incident.security.Caller;
import io.kizuki.incident.silence.Silence;
import io.kizuki.incident.silence.SilenceFields;
import io.kizuki.incident.silence.SilenceService;
import io.kizuki.incident.silence.SilenceTable;
import io.kizuki.incident.silence.SuppressedAlert;
import io.kizuki.web.JsonFields;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Silences (maintenance windows): while one is active, the signals it matches are recorded (each marked with it) but
 * open no incident and page nobody. Another product's silence answers 404, as a missing one does.
 */
@Path("/api/v1/silences")
@Tag(name = "Silences", description = "Maintenance windows: signals recorded, no incident opened, nobody paged")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer; to make or end one, not a responder or admin of its product",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SilenceResource {

    private static final Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** The longest silence: a maintenance window of a month, at most. */
    static final Duration MAX_LENGTH = Duration.ofDays(31);

    static final int MAX_TEXT = SilenceFields.MAX_TEXT;

    private final SilenceService service;
    private final SilenceTable table;
    private final SecurityIdentity identity;

    public SilenceResource(SilenceService service, SilenceTable table, SecurityIdentity identity) {
        this.service = service;
        this.table = table;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The silences of the caller's products, the latest start first")
    @APIResponse(
            responseCode = "200",
            description = "The silences, each with who made it and why, and who ended it",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Silence[].class)))
    public List<Silence> list(
            @Parameter(description = "true: only those active now") @QueryParam("active") boolean active) {
        Caller caller = Caller.of(identity);
        Instant now = service.now();
        return table.all().stream()
                .filter(silence -> caller.mayAccess(silence.product()))
                .filter(silence -> !active || silence.activeAt(now))
                .toList();
    }

    @GET
    @Path("/{silenceId}")
    @Operation(summary = "One silence")
    @APIResponse(
            responseCode = "200",
            description = "The silence",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Silence.class)))
    @APIResponse(
            responseCode = "404",
            description = "No silence with this id of the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Silence get(@PathParam("silenceId") String silenceId, @Context UriInfo uri) {
        return visible(silenceId, uri);
    }

    @GET
    @Path("/{silenceId}/alerts")
    @Operation(
            summary = "The alerts the silence suppresses: firing, kept from opening an incident",
            description = "Each alert a signal of which the silence kept from opening an incident (none of its stream"
                    + " was open), until it resolves or is received again unsilenced, the longest suppressed first."
                    + " For a silence that has ended: the alerts still firing when it ended that have not been"
                    + " received since; each opens an incident when its source sends it again.")
    @APIResponse(
            responseCode = "200",
            description = "The alerts",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SuppressedAlert[].class)))
    @APIResponse(
            responseCode = "404",
            description = "No silence with this id of the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<SuppressedAlert> suppressed(@PathParam("silenceId") String silenceId, @Context UriInfo uri) {
        return table.suppressedBy(visible(silenceId, uri).silenceId());
    }

    @POST
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Silences a product's signals (of one service, and with given labels, if named) from startsAt "
                    + "(now if absent) until endsAt")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            example =
                                    "{\"product\": \"shop\", \"service\": \"checkout\", \"labels\": {\"env\": \"prod\"}, "
                                            + "\"endsAt\": \"2026-12-06T02:00:00Z\", \"reason\": \"database upgrade\"}"))
    @APIResponse(
            responseCode = "201",
            description = "Made",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Silence.class)))
    @APIResponse(
            responseCode = "400",
            description = "A field is missing or wrong (errors[].field); nothing made",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(String body, @Context UriInfo uri) {
        JsonNode request = JsonFields.object(body, "product, service, labels, startsAt, endsAt, reason", uri);
        List<Problem.FieldError> errors = new ArrayList<>();
        String product = request.path("product").asText("");
        if (!PRODUCT.matcher(product).matches()) {
            errors.add(new Problem.FieldError("product", "must be 1 to 64 lower-case letters, digits or '-'"));
        }
        String serviceName = JsonFields.text(request, "service", MAX_TEXT, errors);
        String reason = JsonFields.text(request, "reason", MAX_TEXT, errors);
        if (reason == null && errors.stream().noneMatch(error -> error.field().equals("reason"))) {
            errors.add(new Problem.FieldError("reason", "is required: why it is silenced"));
        }
        Map<String, String> labels = SilenceFields.labels(request.path("labels"), errors);
        Instant now = service.now();
        Instant startsAt = request.hasNonNull("startsAt") ? SilenceFields.instant(request, "startsAt", errors) : now;
        Instant endsAt = SilenceFields.instant(request, "endsAt", errors);
        if (startsAt != null && endsAt != null) {
            if (!endsAt.isAfter(startsAt) || !endsAt.isAfter(now)) {
                errors.add(new Problem.FieldError("endsAt", "must be after startsAt, and in the future"));
            } else if (Duration.between(startsAt, endsAt).compareTo(MAX_LENGTH) > 0) {
                errors.add(new Problem.FieldError("endsAt", "at most " + MAX_LENGTH.toDays() + " days after startsAt"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Problem.of(400, "validation", "Invalid silence", "the silence was not made", uri.getPath())
                            .withErrors(errors));
        }
        Caller caller = Caller.of(identity);
        if (!caller.mayAccess(product)) {
            throw new ProblemException(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "the caller may not silence product " + product,
                            uri.getPath())
                    .withErrors(List.of(new Problem.FieldError("product", "is not one of the caller's products"))));
        }
        return service.create(product, serviceName, labels, startsAt, endsAt, reason, caller.actor())
                .map(silence -> Response.created(URI.create(uri.getPath() + "/" + silence.silenceId()))
                        .entity(silence)
                        .build());
    }

    @POST
    @Path("/{silenceId}/end")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    @Operation(summary = "Ends a silence now: the signals it matched open incidents again")
    @APIResponse(
            responseCode = "200",
            description = "Ended",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Silence.class)))
    @APIResponse(
            responseCode = "404",
            description = "No silence with this id of the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "It has ended already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Silence> end(@PathParam("silenceId") String silenceId, @Context UriInfo uri) {
        Silence silence = visible(silenceId, uri);
        if (!silence.until().isAfter(service.now())) {
            throw new ProblemException(Problem.of(
                    409, "conflict", "Ended already", "the silence ended at " + silence.until(), uri.getPath()));
        }
        return service.end(silence, Caller.of(identity).actor());
    }

    private Silence visible(String silenceId, UriInfo uri) {
        return table.byId(silenceId)
                .filter(silence -> Caller.of(identity).mayAccess(silence.product()))
                .orElseThrow(() -> new ProblemException(
                        Problem.of(404, "not-found", "Silence not found", "no silence " + silenceId, uri.getPath())));
    }
}
