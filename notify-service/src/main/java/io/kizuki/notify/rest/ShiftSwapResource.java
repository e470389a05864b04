package io.kizuki.notify.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.oncall.Rotations;
import io.kizuki.notify.oncall.ShiftSwap;
import io.kizuki.notify.service.OnCallConfigSync;
import io.kizuki.notify.service.ShiftSwaps;
import io.kizuki.web.JsonFields;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;

/**
 * Shift swaps: the person on call asks someone (or anyone in the rotation) to take part of their shift; the one asked
 * accepts or declines; accepted, it is an override of the schedule; the one who asked (or who took it) may cancel it
 * before it ends. Every step is kept with its actor ({@link ShiftSwaps}). Schedules the caller may not see answer 404,
 * as missing ones do.
 */
@Path("/api/v1")
@Tag(name = "Shift swaps", description = "Asking someone to take part of a shift, and their answer")
@RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer; for a step of a swap, not a responder, or not the person who may take it",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ShiftSwapResource {

    /** The longest part of a shift asked about at once. */
    static final Duration MAX_WINDOW = Duration.ofDays(31);

    static final int MAX_REASON = 500;

    private final OnCallDirectory directory;
    private final ShiftSwaps swaps;
    private final JsonWebToken token;

    public ShiftSwapResource(OnCallDirectory directory, ShiftSwaps swaps, JsonWebToken token) {
        this.directory = directory;
        this.swaps = swaps;
        this.token = token;
    }

    @GET
    @Path("/schedules/{id}/swaps")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The swaps of a schedule, the latest window first, each with every step and its actor")
    @APIResponse(
            responseCode = "200",
            description = "The swaps",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = ShiftSwap.class)))
    @APIResponse(
            responseCode = "404",
            description = "No schedule with this id that pages for the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<ShiftSwap> list(@PathParam("id") String id, @Context UriInfo uri) {
        schedule(id, uri);
        return swaps.of(id);
    }

    @POST
    @Path("/schedules/{id}/swaps")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Asks someone (to) or anyone in the rotation (no to) to take part of the caller's shift: from, "
                    + "until (ISO-8601 instants), reason")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            example = "{\"from\": \"2026-12-24T18:00:00Z\", \"until\": \"2026-12-25T09:00:00Z\", "
                                    + "\"to\": \"bob\", \"reason\": \"family dinner\"}"))
    @APIResponse(
            responseCode = "201",
            description = "Asked",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ShiftSwap.class)))
    @APIResponse(
            responseCode = "400",
            description = "A field is missing or wrong (errors[0].field)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No schedule with this id that pages for the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The caller is not on call in the schedule for all of that time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "Kafka did not take it in time; nothing changed (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response ask(@PathParam("id") String id, String body, @Context UriInfo uri) {
        OnCallConfig.Schedule schedule = schedule(id, uri);
        JsonNode request = JsonFields.object(body, "from, until, to, reason", uri);
        Instant from = instant(request, "from", uri);
        Instant until = instant(request, "until", uri);
        Instant now = Instant.now();
        if (!until.isAfter(from)) {
            throw Problem.invalidField("until", "must be after from", uri);
        }
        if (!until.isAfter(now)) {
            throw Problem.invalidField("until", "must be in the future", uri);
        }
        if (Duration.between(from, until).compareTo(MAX_WINDOW) > 0) {
            throw Problem.invalidField("until", "at most " + MAX_WINDOW.toDays() + " days after from", uri);
        }
        Map<String, OnCallConfig.Person> people = people();
        String to = text(request, "to", uri);
        if (to != null && !people.containsKey(to)) {
            throw Problem.invalidField("to", "no person named " + to, uri);
        }
        String reason = text(request, "reason", uri);
        String requester = caller(people, uri);
        if (requester.equals(to)) {
            throw Problem.invalidField("to", "is the caller: ask someone else", uri);
        }
        List<Rotations.Shift> shifts = Rotations.shifts(schedule, from, until);
        boolean whole = shifts.size() == 1
                && shifts.getFirst().person().equals(requester)
                && shifts.getFirst().start().equals(from)
                && shifts.getFirst().end().equals(until);
        if (!whole) {
            throw new ProblemException(Problem.of(
                    409,
                    "conflict",
                    "Not your shift",
                    requester + " is not on call in " + id + " for all of that time",
                    uri.getPath()));
        }
        ShiftSwap asked = write(
                ShiftSwap.requested(UUID.randomUUID().toString(), id, from, until, requester, to, reason, actor(), now),
                uri);
        return Response.created(URI.create("/api/v1/schedules/" + id + "/swaps"))
                .entity(asked)
                .build();
    }

    @POST
    @Path("/swaps/{swapId}/accept")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Takes the part of the shift asked: the one asked, or anyone else if nobody was named")
    @APIResponse(
            responseCode = "200",
            description = "Accepted: an override of the schedule for the caller",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ShiftSwap.class)))
    @APIResponse(
            responseCode = "404",
            description = "No swap with this id in a schedule that pages for the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "It was answered or cancelled already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ShiftSwap accept(@PathParam("swapId") String swapId, @Context UriInfo uri) {
        ShiftSwap swap = swap(swapId, uri);
        String caller = caller(people(), uri);
        return step(uri, () -> swap.accepted(caller, actor(), Instant.now()));
    }

    @POST
    @Path("/swaps/{swapId}/decline")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Declines the part of the shift asked of the caller")
    @APIResponse(
            responseCode = "200",
            description = "Declined",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ShiftSwap.class)))
    @APIResponse(
            responseCode = "404",
            description = "No swap with this id in a schedule that pages for the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "It was answered or cancelled already, or asked of anyone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ShiftSwap decline(@PathParam("swapId") String swapId, @Context UriInfo uri) {
        ShiftSwap swap = swap(swapId, uri);
        String caller = caller(people(), uri);
        return step(uri, () -> swap.declined(caller, actor(), Instant.now()));
    }

    @POST
    @Path("/swaps/{swapId}/cancel")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Cancels a swap before it ends: the one who asked, or the one who took it")
    @APIResponse(
            responseCode = "200",
            description = "Cancelled: if it was accepted, the schedule is as before for that time",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ShiftSwap.class)))
    @APIResponse(
            responseCode = "404",
            description = "No swap with this id in a schedule that pages for the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "It was declined or cancelled already, or has ended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ShiftSwap cancel(@PathParam("swapId") String swapId, @Context UriInfo uri) {
        ShiftSwap swap = swap(swapId, uri);
        String caller = caller(people(), uri);
        return step(uri, () -> swap.cancelled(caller, actor(), Instant.now()));
    }

    private ShiftSwap step(UriInfo uri, Supplier<ShiftSwap> transition) {
        ShiftSwap next;
        try {
            next = transition.get();
        } catch (ShiftSwap.NotAllowed e) {
            throw new ProblemException(Problem.of(409, "conflict", "Not allowed", e.getMessage(), uri.getPath()));
        }
        return write(next, uri);
    }

    private ShiftSwap write(ShiftSwap swap, UriInfo uri) {
        try {
            return swaps.write(swap);
        } catch (OnCallConfigSync.NotShared e) {
            throw OnCallConfigResource.notShared(e, uri);
        }
    }

    private OnCallConfig.Schedule schedule(String id, UriInfo uri) {
        OnCallConfig.Schedule schedule =
                OnCallResource.visibleSchedules(directory, token).get(id);
        if (schedule == null) {
            throw new ProblemException(
                    Problem.of(404, "not-found", "Schedule not found", "no schedule " + id, uri.getPath()));
        }
        return schedule;
    }

    private ShiftSwap swap(String swapId, UriInfo uri) {
        return swaps.swap(swapId)
                .filter(swap ->
                        OnCallResource.visibleSchedules(directory, token).containsKey(swap.schedule()))
                .orElseThrow(() -> new ProblemException(
                        Problem.of(404, "not-found", "Swap not found", "no swap " + swapId, uri.getPath())));
    }

    private Map<String, OnCallConfig.Person> people() {
        return directory.current().map(OnCallConfig::people).orElse(Map.of());
    }

    /** The person the caller is (as for /oncall/me); a caller who is nobody in the configuration may not swap. */
    private String caller(Map<String, OnCallConfig.Person> people, UriInfo uri) {
        String person = OnCallResource.person(people, token.getClaim("preferred_username"), token.getClaim("email"));
        if (person == null) {
            throw new ProblemException(Problem.of(
                    403,
                    "forbidden",
                    "Not a person of the configuration",
                    "the caller is nobody in the on-call configuration: only people on call swap shifts",
                    uri.getPath()));
        }
        return person;
    }

    private String actor() {
        return "user:" + token.getName();
    }

    private static Instant instant(JsonNode request, String field, UriInfo uri) {
        try {
            return Instant.parse(request.path(field).asText(""));
        } catch (DateTimeParseException e) {
            throw Problem.invalidField(field, "is required: an ISO-8601 instant, e.g. 2026-12-24T18:00:00Z", uri);
        }
    }

    private static String text(JsonNode request, String field, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String text = JsonFields.text(request, field, MAX_REASON, errors);
        if (!errors.isEmpty()) {
            throw Problem.invalidField(field, errors.getFirst().detail(), uri);
        }
        return text;
    }
}
