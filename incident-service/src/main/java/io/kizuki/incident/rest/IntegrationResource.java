package io.kizuki.incident.rest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.incident.integration.Integration;
import io.kizuki.incident.integration.IntegrationService;
import io.kizuki.incident.integration.IntegrationTable;
import io.kizuki.incident.integration.RateLimit;
import io.kizuki.incident.security.Caller;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Integrations of producers that cannot do OAuth: each has a routing key bound to one product. A key is shown once,
 * when created or rotated; Kizuki keeps only a salted hash of it.
 */
@Path("/api/v1/integrations")
@Tag(name = "Integrations", description = "Routing keys for producers (admin)")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.ADMIN)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not an admin",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class IntegrationResource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final IntegrationService service;
    private final IntegrationTable table;
    private final SecurityIdentity identity;

    public IntegrationResource(IntegrationService service, IntegrationTable table, SecurityIdentity identity) {
        this.service = service;
        this.table = table;
        this.identity = identity;
    }

    /** What is asked to create an integration; without a rate limit it gets the configured default. */
    public record NewIntegration(
            String name,
            String product,

            @Schema(description = "its own ingestion rate limit (optional)")
            RateLimit rateLimit) {}

    /** An integration as shown: never its key, only the key's first characters as a hint. */
    public record IntegrationView(
            String integrationId,
            String name,
            String product,
            String status,
            String keyHint,

            @Schema(description = "its own rate limit; absent when it has the configured default")
            RateLimit rateLimit,

            Instant createdAt,
            Instant updatedAt,
            String updatedBy) {

        static IntegrationView of(Integration integration) {
            return new IntegrationView(
                    integration.integrationId(),
                    integration.name(),
                    integration.product(),
                    integration.status().name(),
                    integration.keyId(),
                    integration.rateLimit(),
                    integration.createdAt(),
                    integration.updatedAt(),
                    integration.updatedBy());
        }
    }

    /** An integration with its new routing key, shown this once. */
    public record IntegrationWithKey(
            String integrationId, String name, String product, String status, String routingKey) {}

    @GET
    @Operation(summary = "List integrations")
    @APIResponse(
            responseCode = "200",
            description = "The integrations",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IntegrationView[].class)))
    public List<IntegrationView> list() {
        Caller caller = Caller.of(identity);
        List<IntegrationView> views = new ArrayList<>(table.all().stream()
                .filter(integration -> caller.mayAccess(integration.product()))
                .map(IntegrationView::of)
                .toList());
        views.sort(Comparator.comparing(IntegrationView::createdAt));
        return views;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an integration and its routing key (shown once)")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IntegrationWithKey.class)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid name or product",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "Not an admin, or not an admin of that product",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(NewIntegration request, @Context UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request == null
                || request.name() == null
                || !NAME.matcher(request.name()).matches()) {
            errors.add(new Problem.FieldError("name", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (request == null
                || request.product() == null
                || !PRODUCT.matcher(request.product()).matches()) {
            errors.add(new Problem.FieldError("product", "must be 1 to 64 lower-case letters, digits or '-'"));
        }
        if (request != null && request.rateLimit() != null) {
            errors.addAll(validate(request.rateLimit(), "rateLimit."));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(
                            400, "validation", "Invalid integration", "the integration was not created", uri.getPath())
                    .withErrors(errors));
        }
        if (!Caller.of(identity).mayAccess(request.product())) {
            throw new ProblemException(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "the caller may not administer product " + request.product(),
                            uri.getPath())
                    .withErrors(List.of(new Problem.FieldError("product", "is not one of the caller's products"))));
        }
        return service.create(
                        request.name(),
                        request.product(),
                        request.rateLimit(),
                        Caller.of(identity).actor())
                .map(change -> Response.created(URI.create(
                                uri.getPath() + "/" + change.integration().integrationId()))
                        .entity(withKey(change))
                        .build());
    }

    @POST
    @Path("/{integrationId}/rotate")
    @Operation(summary = "Replace the routing key (shown once); the old key stops working at once")
    @APIResponse(
            responseCode = "200",
            description = "The new key",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IntegrationWithKey.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such integration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The integration is revoked: a revoked key is never given back",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<IntegrationWithKey> rotate(@PathParam("integrationId") String integrationId, @Context UriInfo uri) {
        Integration integration = find(integrationId, uri);
        if (integration.status() == Integration.Status.REVOKED) {
            throw new ProblemException(Problem.of(
                    409,
                    "conflict",
                    "Integration revoked",
                    "integration " + integrationId + " is revoked; create a new integration instead",
                    uri.getPath()));
        }
        return service.rotate(integration, Caller.of(identity).actor()).map(IntegrationResource::withKey);
    }

    @POST
    @Path("/{integrationId}/revoke")
    @Operation(summary = "Revoke the routing key: the integration can no longer push signals")
    @APIResponse(
            responseCode = "200",
            description = "Revoked",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IntegrationView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such integration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<IntegrationView> revoke(@PathParam("integrationId") String integrationId, @Context UriInfo uri) {
        return service.revoke(find(integrationId, uri), Caller.of(identity).actor())
                .map(change -> IntegrationView.of(change.integration()));
    }

    @PUT
    @Path("/{integrationId}/rate-limit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set the integration's own ingestion rate limit (per instance of incident-service)",
            description = "A token bucket: perSecond requests a second on average, at most burst at once. Takes "
                    + "effect at once on this instance and, through kizuki.integrations.v1, on every other one.")
    @APIResponse(
            responseCode = "200",
            description = "The integration with its new limit",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IntegrationView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid limit; the fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such integration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<IntegrationView> limit(
            @PathParam("integrationId") String integrationId, RateLimit limit, @Context UriInfo uri) {
        List<Problem.FieldError> errors =
                limit == null ? List.of(new Problem.FieldError("$", "is required")) : validate(limit, "");
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Problem.of(400, "validation", "Invalid rate limit", "the rate limit was not changed", uri.getPath())
                            .withErrors(errors));
        }
        return service.limit(
                        find(integrationId, uri), limit, Caller.of(identity).actor())
                .map(change -> IntegrationView.of(change.integration()));
    }

    private static List<Problem.FieldError> validate(RateLimit limit, String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!(limit.perSecond() > 0 && limit.perSecond() <= RateLimit.MAX)) {
            errors.add(new Problem.FieldError(
                    prefix + "perSecond", "must be above 0 and at most " + (long) RateLimit.MAX));
        }
        if (!(limit.burst() >= 1 && limit.burst() <= RateLimit.MAX)) {
            errors.add(new Problem.FieldError(prefix + "burst", "must be from 1 to " + (long) RateLimit.MAX));
        }
        return errors;
    }

    /** The integration, if the caller administers its product: another product's answers as a missing one. */
    private Integration find(String integrationId, UriInfo uri) {
        return table.byId(integrationId)
                .filter(integration -> Caller.of(identity).mayAccess(integration.product()))
                .orElseThrow(() -> new ProblemException(Problem.of(
                        404, "not-found", "Integration not found", "no integration " + integrationId, uri.getPath())));
    }

    private static IntegrationWithKey withKey(IntegrationService.Change change) {
        Integration integration = change.integration();
        return new IntegrationWithKey(
                integration.integrationId(),
                integration.name(),
                integration.product(),
                integration.status().name(),
                change.routingKey());
    }
}
