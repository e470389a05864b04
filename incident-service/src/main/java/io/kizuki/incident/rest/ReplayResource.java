package io.kizuki.incident.rest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.incident.replay.Replay;
import io.kizuki.incident.replay.ReplayRules;
import io.kizuki.incident.replay.ReplayService;
import io.kizuki.incident.replay.ReplayTable;
import io.kizuki.incident.security.Caller;
import io.kizuki.incident.silence.SilenceFields;
import io.kizuki.web.JsonFields;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Replays (what-if): recorded signals of a window run through draft detection rules in a sandbox (the production
 * decider, its own state, nothing written to the ledger, nobody paged), compared with what happened. Admins only, of
 * their products; another product's replay answers 404, as a missing one does.
 */
@Path("/api/v1/replays")
@Tag(name = "Replays", description = "What draft detection rules would have done with the signals recorded")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.ADMIN)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not an admin; or, to replay a product, not one of its admins",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ReplayResource {

    private static final Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final int BUSY_RETRY_AFTER_SECONDS = 10;

    private final ReplayService service;
    private final ReplayTable table;
    private final IncidentServiceConfig config;
    private final SecurityIdentity identity;

    public ReplayResource(
            ReplayService service, ReplayTable table, IncidentServiceConfig config, SecurityIdentity identity) {
        this.service = service;
        this.table = table;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The replays of the caller's products, the latest asked first (results included)")
    @APIResponse(
            responseCode = "200",
            description = "The replays",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Replay[].class)))
    public List<Replay> list() {
        Caller caller = Caller.of(identity);
        Instant now = service.now();
        return table.all().stream()
                .filter(replay -> visible(caller, replay))
                .map(replay -> replay.seenAt(now))
                .toList();
    }

    @GET
    @Path("/{replayId}")
    @Operation(summary = "One replay: while it runs, how far it has read (read of total); once done, its result")
    @APIResponse(
            responseCode = "200",
            description = "The replay",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Replay.class)))
    @APIResponse(
            responseCode = "404",
            description = "No replay with this id of the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Replay get(@PathParam("replayId") String replayId, @Context UriInfo uri) {
        Caller caller = Caller.of(identity);
        return table.byId(replayId)
                .filter(replay -> visible(caller, replay))
                .map(replay -> replay.seenAt(service.now()))
                .orElseThrow(() -> new ProblemException(
                        Problem.of(404, "not-found", "Replay not found", "no replay " + replayId, uri.getPath())));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replays the signals of a window (the last 30 days if not given) through draft rules: grouping, "
                    + "classification, severity mapping, silences; answered at once, then polled")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            example = "{\"product\": \"shop\", \"from\": \"2026-11-05T00:00:00Z\", "
                                    + "\"until\": \"2026-12-05T00:00:00Z\", \"rules\": {"
                                    + "\"grouping\": {\"by\": [\"alertname\", \"service\"]}, "
                                    + "\"classification\": {\"latency\": \"latenc|slow|p99\"}, "
                                    + "\"severity\": {\"label\": \"severity\", \"map\": {\"warning\": \"SEV4\"}}, "
                                    + "\"silences\": [{\"service\": \"batch\", \"startsAt\": \"2026-11-05T00:00:00Z\", "
                                    + "\"endsAt\": \"2026-12-05T00:00:00Z\"}]}}"))
    @APIResponse(
            responseCode = "202",
            description = "Running: poll its Location",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Replay.class)))
    @APIResponse(
            responseCode = "400",
            description = "A field or rule is wrong (errors[].field, e.g. rules.classification.latency for a pattern "
                    + "that does not compile); nothing run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "This instance is running a replay already; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> start(String body, @Context UriInfo uri) {
        JsonNode request = JsonFields.object(body, "product, from, until, rules", uri);
        List<Problem.FieldError> errors = new ArrayList<>();
        request.fieldNames().forEachRemaining(field -> {
            if (!List.of("product", "from", "until", "rules").contains(field)) {
                errors.add(new Problem.FieldError(field, "is not a field of a replay: product, from, until, rules"));
            }
        });
        String product = null;
        if (request.hasNonNull("product")) {
            product = request.path("product").asText("");
            if (!PRODUCT.matcher(product).matches()) {
                errors.add(new Problem.FieldError("product", "must be 1 to 64 lower-case letters, digits or '-'"));
            }
        }
        Instant now = service.now();
        Instant until = request.hasNonNull("until") ? SilenceFields.instant(request, "until", errors) : now;
        Instant from = request.hasNonNull("from")
                ? SilenceFields.instant(request, "from", errors)
                : now.minus(ReplayRules.DEFAULT_WINDOW);
        if (from != null && until != null) {
            if (!from.isBefore(until)) {
                errors.add(new Problem.FieldError("from", "must be before until"));
            } else if (from.plus(ReplayRules.MAX_WINDOW).isBefore(until)) {
                errors.add(new Problem.FieldError(
                        "until", "at most " + ReplayRules.MAX_WINDOW.toDays() + " days after from"));
            }
        }
        ReplayRules rules = ReplayRules.parse(request.path("rules"), product, config.classification(), now, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "validation", "Invalid replay", "nothing was run", uri.getPath())
                    .withErrors(errors));
        }
        Caller caller = Caller.of(identity);
        if (product != null && !caller.mayAccess(product)) {
            throw new ProblemException(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "the caller may not replay product " + product,
                            uri.getPath())
                    .withErrors(List.of(new Problem.FieldError("product", "is not one of the caller's products"))));
        }
        List<String> products = product != null ? List.of(product) : caller.productList();
        return service.start(products, from, until, request.path("rules"), rules, caller.actor())
                .map(replay -> replay == null
                        ? Problem.of(
                                        503,
                                        "busy",
                                        "Busy",
                                        "this instance is running a replay; retry after " + BUSY_RETRY_AFTER_SECONDS
                                                + " s",
                                        uri.getPath())
                                .toResponseBuilder()
                                .header(HttpHeaders.RETRY_AFTER, BUSY_RETRY_AFTER_SECONDS)
                                .build()
                        : Response.accepted(replay)
                                .location(URI.create(uri.getPath() + "/" + replay.replayId()))
                                .build());
    }

    private static boolean visible(Caller caller, Replay replay) {
        return replay.products().stream().allMatch(caller::mayAccess);
    }
}
