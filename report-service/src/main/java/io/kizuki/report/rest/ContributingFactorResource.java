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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.report.learning.LearningRepository;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Uni;

/** Contributing-factor categories across incidents and time, from published postmortems. */
@Path("/api/v1/metrics/contributing-factors")
@Tag(name = "Learning")
@RolesAllowed(Roles.VIEWER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ContributingFactorResource {

    private final LearningRepository learning;
    private final JsonWebToken token;

    public ContributingFactorResource(LearningRepository learning, JsonWebToken token) {
        this.learning = learning;
        this.token = token;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Contributing-factor categories across incidents and time: which gap costs the most",
            description = "Per category (and month with groupBy=month), over published postmortems of incidents "
                    + "opened in [from, to) of the caller's products: incidents, SEV1/SEV2 incidents, and minutes "
                    + "from opened to resolved. Costliest first.")
    @APIResponse(
            responseCode = "200",
            description = "The categories",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LearningRepository.FactorCost[].class)))
    @APIResponse(
            responseCode = "400",
            description = "A parameter at fault",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<LearningRepository.FactorCost>> contributingFactors(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Parameter(description = "category (default) or month") @QueryParam("groupBy") @DefaultValue("category")
                    String groupBy,
            @Context UriInfo uri) {
        Instant[] range = Params.range(from, to, uri);
        boolean byMonth = Params.oneOf("groupBy", groupBy, List.of("category", "month"), "month"::equals, uri);
        return learning.factorCosts(ProductScope.of(token), range[0], range[1], byMonth);
    }
}
