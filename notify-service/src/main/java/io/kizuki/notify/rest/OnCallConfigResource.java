package io.kizuki.notify.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.service.OnCallConfigSync;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;

/**
 * The on-call configuration in force, and replacing it: checked whole before it applies, every problem named by its
 * path in the YAML. For administrators of every product: it pages for all of them.
 */
@Path("/api/v1/admin/oncall-config")
@Tag(name = "On-call configuration", description = "People, schedules, escalation policies, routing, channels")
@RolesAllowed(Roles.ADMIN)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not an administrator of every product (products *)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class OnCallConfigResource {

    static final String YAML = "application/yaml";
    /** The largest configuration accepted. */
    static final int MAX_CHARACTERS = 1024 * 1024;

    /** What a configuration holds, and what should not stay as it is. */
    public record Summary(
            String source,
            Instant since,
            int people,
            int schedules,
            int escalationPolicies,
            List<ConfigLoader.Problem> warnings,

            @Schema(
                    description = "whether the configuration file now holds it "
                            + "(false: it holds on this instance until it restarts); absent on reads")
            Boolean saved) {

        static Summary of(OnCallDirectory.InForce inForce, Boolean saved) {
            OnCallConfig config = inForce.loaded().config();
            return new Summary(
                    inForce.source(),
                    inForce.since(),
                    size(config.people()),
                    size(config.schedules()),
                    size(config.policies()),
                    inForce.loaded().warnings(),
                    saved);
        }

        private static int size(Map<?, ?> map) {
            return map == null ? 0 : map.size();
        }
    }

    private final OnCallDirectory directory;
    private final OnCallConfigSync sync;
    private final JsonWebToken token;

    public OnCallConfigResource(OnCallDirectory directory, OnCallConfigSync sync, JsonWebToken token) {
        this.directory = directory;
        this.sync = sync;
        this.token = token;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "What the configuration in force holds, where it came from, and its warnings")
    @APIResponse(
            responseCode = "200",
            description = "The configuration in force",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.class)))
    @APIResponse(
            responseCode = "404",
            description = "notify-service was started without one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response summary(@Context UriInfo uri) {
        requireAllProducts(uri);
        return directory
                .inForce()
                .map(inForce -> Response.ok(Summary.of(inForce, null)).build())
                .orElseGet(() -> notConfigured(uri));
    }

    @GET
    @Path("/yaml")
    @Produces({YAML, Problem.MEDIA_TYPE})
    @Operation(summary = "The configuration in force, as the YAML it was given in")
    @APIResponse(responseCode = "200", description = "The YAML", content = @Content(mediaType = YAML))
    @APIResponse(
            responseCode = "404",
            description = "notify-service was started without one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response yaml(@Context UriInfo uri) {
        requireAllProducts(uri);
        return directory
                .inForce()
                .map(inForce -> Response.ok(inForce.yaml(), YAML).build())
                .orElseGet(() -> notConfigured(uri));
    }

    @PUT
    @Consumes({YAML, "text/yaml", MediaType.TEXT_PLAIN})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Checks a configuration whole, shares it with every instance through Kafka, puts it in force "
                    + "and writes it to the configuration file")
    @RequestBody(
            description = "The whole configuration, as in deploy/config/notify.yaml",
            content = @Content(mediaType = YAML))
    @APIResponse(
            responseCode = "200",
            description = "In force; its warnings, if any",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.class)))
    @APIResponse(
            responseCode = "400",
            description = "Refused, nothing changed: errors[].field is the YAML path of "
                    + "each problem ($.schedules.primary.layers[0].members[2])",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "Kafka did not take it in time; nothing changed (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Summary replace(String yaml, @Context UriInfo uri) {
        requireAllProducts(uri);
        if (yaml == null || yaml.isBlank()) {
            throw Problem.invalidField("$", "is required: the whole configuration", uri);
        }
        if (yaml.length() > MAX_CHARACTERS) {
            throw Problem.invalidField("$", "is larger than " + MAX_CHARACTERS + " characters", uri);
        }
        try {
            OnCallDirectory.Replaced replaced = sync.replace(yaml, "PUT by " + token.getName());
            return Summary.of(replaced.inForce(), replaced.saved());
        } catch (OnCallConfigSync.NotShared e) {
            throw new WebApplicationException(Problem.of(
                            503, "unavailable", "Not shared", e.getMessage() + "; nothing was changed", uri.getPath())
                    .toResponseBuilder()
                    .header("Retry-After", "5")
                    .build());
        } catch (ConfigLoader.InvalidConfigException e) {
            throw new ProblemException(Problem.of(
                            400,
                            "validation",
                            "Invalid on-call configuration",
                            e.problems().size() + " problem(s); nothing was changed",
                            uri.getPath())
                    .withErrors(e.problems().stream()
                            .map(problem -> new Problem.FieldError(problem.path(), problem.detail()))
                            .toList()));
        }
    }

    private static Response notConfigured(UriInfo uri) {
        return Problem.of(
                        404,
                        "not-found",
                        "No on-call configuration",
                        "notify-service was started without kizuki.notify.oncall-file and none was put since",
                        uri.getPath())
                .toResponse();
    }

    private void requireAllProducts(UriInfo uri) {
        if (!ProductScope.of(token).all()) {
            throw new ProblemException(Problem.of(
                    403,
                    "forbidden",
                    "Forbidden",
                    "the on-call configuration pages "
                            + "for every product: only an administrator of every product (products *) may read or change it",
                    uri.getPath()));
        }
    }
}
