package io.kizuki.report.rest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.report.metrics.MetricDefinition;
import io.kizuki.report.metrics.MetricDefinitions;
import io.kizuki.report.metrics.Recomputation;
import io.kizuki.web.AuditFilter;
import io.kizuki.web.JsonFields;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Metrics under a new definition over all history: named, versioned definitions of MTTA and MTTR (from the first page
 * instead of the opening, to mitigation instead of resolution, business hours only, without declared incidents), and
 * the figures recomputed from the ledger under one, side by side with the current definition.
 */
@Path("/api/v1/metrics/definitions")
@Tag(name = "Metrics", description = "The metrics read model")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.VIEWER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer; to define one, not an admin",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class MetricDefinitionResource {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final MetricDefinitions definitions;
    private final Recomputation recomputation;
    private final JsonWebToken token;

    public MetricDefinitionResource(MetricDefinitions definitions, Recomputation recomputation, JsonWebToken token) {
        this.definitions = definitions;
        this.recomputation = recomputation;
        this.token = token;
    }

    @GET
    @Operation(summary = "The current definition (built in) and every version of every definition made")
    @APIResponse(
            responseCode = "200",
            description = "The definitions, the built-in one first",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MetricDefinitions.Stored[].class)))
    public Uni<List<MetricDefinitions.Stored>> list() {
        return definitions.all().map(stored -> {
            List<MetricDefinitions.Stored> all = new ArrayList<>();
            all.add(new MetricDefinitions.Stored(MetricDefinition.CURRENT, "kizuki", null));
            all.addAll(stored);
            return all;
        });
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Makes the next version of a definition (the earlier ones stay)")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            example = "{\"description\": \"MTTA from the first page, MTTR to mitigation, in Tokyo's "
                                    + "office hours\", \"acknowledgeFrom\": \"first-page\", \"resolveAt\": "
                                    + "\"mitigated\", \"businessHours\": {\"timeZone\": \"Asia/Tokyo\", \"start\": "
                                    + "\"09:00\", \"end\": \"18:00\", \"days\": [\"MONDAY\", \"TUESDAY\", "
                                    + "\"WEDNESDAY\", \"THURSDAY\", \"FRIDAY\"]}, \"excludeDeclared\": true}"))
    @APIResponse(
            responseCode = "201",
            description = "The new version",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MetricDefinitions.Stored.class)))
    @APIResponse(
            responseCode = "400",
            description = "A field is wrong (errors[].field); nothing kept",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> define(@PathParam("name") String name, String body, @Context UriInfo uri) {
        JsonNode request =
                JsonFields.object(body, "description, acknowledgeFrom, resolveAt, businessHours, excludeDeclared", uri);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!NAME.matcher(name).matches() || MetricDefinition.CURRENT.name().equals(name)) {
            errors.add(new Problem.FieldError(
                    "name", "must be 1 to 64 lower-case letters, digits or '-', and not the built-in kizuki"));
        }
        MetricDefinition definition = MetricDefinition.parse(name, 0, request, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Problem.of(400, "validation", "Invalid metric definition", "nothing was kept", uri.getPath())
                            .withErrors(errors));
        }
        return definitions
                .add(definition, AuditFilter.actor(token), Instant.now())
                .map(stored -> Response.created(URI.create(uri.getPath()))
                        .entity(stored)
                        .build());
    }

    @GET
    @Path("/{name}/figures")
    @Operation(
            summary = "Incident counts, MTTA and MTTR recomputed from the ledger under a definition, beside the "
                    + "current definition's, for the incidents of the caller's products opened in a range (all "
                    + "history if none)")
    @APIResponse(
            responseCode = "200",
            description = "Both definitions and, per group, the figures under each",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Recomputation.Answer.class)))
    @APIResponse(
            responseCode = "400",
            description = "A query parameter that does not fit, named in errors[0].field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such definition (or version)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Recomputation.Answer> figures(
            @PathParam("name") String name,
            @Parameter(description = "a version (default: the latest)") @QueryParam("version") Integer version,
            @Parameter(description = "product, service, severity, class and/or week") @QueryParam("groupBy")
                    List<String> groupBy,
            @Parameter(description = "opened at or after") @QueryParam("from") String from,
            @Parameter(description = "opened before") @QueryParam("to") String to,
            @Context UriInfo uri) {
        Instant[] range = Params.range(from, to, uri);
        List<String> dimensions = new ArrayList<>();
        for (String dimension : Params.split(groupBy)) {
            dimensions.add(Params.oneOf(
                    "groupBy", dimension, List.copyOf(Recomputation.DIMENSIONS.keySet()), value -> value, uri));
        }
        ProductScope scope = ProductScope.of(token);
        Uni<MetricDefinition> definition = MetricDefinition.CURRENT.name().equals(name)
                ? Uni.createFrom().item(MetricDefinition.CURRENT)
                : definitions.find(name, version).map(found -> found.map(MetricDefinitions.Stored::definition)
                        .orElseThrow(() -> new ProblemException(Problem.of(
                                404,
                                "not-found",
                                "Metric definition not found",
                                "no definition " + name + (version == null ? "" : " version " + version),
                                uri.getPath()))));
        return definition.chain(chosen -> Uni.createFrom()
                .item(() -> recomputation.recompute(chosen, scope, dimensions, range[0], range[1]))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }
}
