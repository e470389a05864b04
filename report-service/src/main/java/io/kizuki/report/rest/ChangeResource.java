package io.kizuki.report.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.report.changes.ChangeRepository;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Uni;

/** Changes to services (deploys, rollbacks, config, feature flags) as recorded on the ledger. */
@Path("/api/v1/changes")
@Tag(name = "Changes", description = "The changes read model")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.VIEWER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ChangeResource {

    private final ChangeRepository changes;
    private final JsonWebToken token;

    public ChangeResource(ChangeRepository changes, JsonWebToken token) {
        this.changes = changes;
        this.token = token;
    }

    @GET
    @Operation(summary = "Changes of the caller's products, newest first, per service and time range")
    @APIResponse(
            responseCode = "200",
            description = "The changes",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ChangeRepository.Change[].class),
                            examples = @ExampleObject(name = "a deploy", value = """
                    [{"changeId":"chg-41","product":"shop","service":"shop-checkout","version":"2.14.0","kind":"deploy",
                    "summary":"Connection pool 20 → 5","actor":"ci","links":[{"rel":"pipeline","href":"https://ci.example/41"}],
                    "occurredAt":"2026-11-22T02:55:00Z","recordedAt":"2026-11-22T02:55:01Z"}]""")))
    @APIResponse(
            responseCode = "400",
            description = "A query parameter that does not fit, named in errors[0].field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<ChangeRepository.Change>> list(
            @QueryParam("service") List<String> service,
            @Parameter(description = "occurred at or after") @QueryParam("from") String from,
            @Parameter(description = "occurred before") @QueryParam("to") String to,
            @Parameter(description = "1 to " + IncidentResource.MAX_LIMIT, schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    @DefaultValue("100")
                    String limit,
            @Context UriInfo uri) {
        Instant[] range = Params.range(from, to, uri);
        return changes.list(
                ProductScope.of(token),
                Params.split(service),
                range[0],
                range[1],
                Params.limit(limit, IncidentResource.MAX_LIMIT, uri));
    }
}
