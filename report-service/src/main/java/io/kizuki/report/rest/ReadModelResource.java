package io.kizuki.report.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.ledger.Topics;
import io.kizuki.report.ledger.Checkpoints;
import io.kizuki.report.ledger.Digests;
import io.kizuki.report.ledger.ReadModel;
import io.kizuki.report.ledger.ReadModels;
import io.kizuki.report.ledger.Rebuild;
import io.kizuki.report.ledger.Target;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Operating the read models: their checkpoints and digests, and rebuilding them from offset 0. For administrators of
 * every product, since a read model holds every product's rows.
 */
@Path("/api/v1/admin")
@Tag(name = "Read models (admin)", description = "Checkpoints, digests and rebuilds of the read models")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.ADMIN)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not an administrator of every product",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ReadModelResource {

    private final ReadModels models;
    private final Digests digests;
    private final Rebuild rebuild;
    private final Pool pool;
    private final JsonWebToken token;

    public ReadModelResource(ReadModels models, Digests digests, Rebuild rebuild, Pool pool, JsonWebToken token) {
        this.models = models;
        this.digests = digests;
        this.rebuild = rebuild;
        this.pool = pool;
        this.token = token;
    }

    /** A read model and how far it has applied each ledger partition. */
    /** A read model: its tables, checkpoints, and how many ledger records it could not apply and skipped. */
    public record ReadModelState(String name, List<String> tables, Map<Integer, Long> checkpoints, long skipped) {}

    /** Which read models to rebuild; none named means all. */
    public record RebuildRequest(List<String> readModels) {}

    @GET
    @Path("/read-models")
    @Operation(summary = "The read models and their checkpoints (last ledger offset applied, per partition)")
    @APIResponse(
            responseCode = "200",
            description = "The read models",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReadModelState[].class)))
    public Uni<List<ReadModelState>> list(@Context UriInfo uri) {
        requireAllProducts(uri);
        List<String> names = models.all().stream()
                .map(model -> Target.LIVE.checkpoint(model.name()))
                .toList();
        return Checkpoints.all(pool, names, Topics.LEDGER).chain(checkpoints -> pool.query(
                        "SELECT read_model, " + "count(*) FROM " + ReadModels.SKIPS + " GROUP BY read_model")
                .execute()
                .map(rows -> {
                    Map<String, Long> skipped = new HashMap<>();
                    rows.forEach(row -> skipped.put(row.getString(0), row.getLong(1)));
                    return models.all().stream()
                            .map(model -> new ReadModelState(
                                    model.name(),
                                    model.tables().stream()
                                            .map(ReadModel.Table::name)
                                            .toList(),
                                    new TreeMap<>(checkpoints.get(model.name())),
                                    skipped.getOrDefault(model.name(), 0L)))
                            .toList();
                }));
    }

    @GET
    @Path("/read-models/{name}/digest")
    @Operation(
            summary = "A digest of the read model's rows, with the checkpoints it stands for",
            description = "Two builds of a read model from the same ledger offsets have the same digest.")
    @APIResponse(
            responseCode = "200",
            description = "The digest",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Digests.Digest.class),
                            examples = @ExampleObject(name = "incidents", value = """
                    {"readModel":"incidents","digest":"9f2c…","rows":{"incident_alert_view":10412,"incident_view":1204},
                    "checkpoints":{"0":4410,"1":4021,"2":3987}}""")))
    @APIResponse(
            responseCode = "404",
            description = "No such read model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> digest(@PathParam("name") String name, @Context UriInfo uri) {
        requireAllProducts(uri);
        return models.named(name)
                .map(model ->
                        digests.of(model).map(digest -> Response.ok(digest).build()))
                .orElseGet(() -> Uni.createFrom().item(unknown(name, uri)));
    }

    @POST
    @Path("/rebuilds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Rebuild read models from offset 0 into fresh tables, then switch to them atomically",
            description = "The live read models keep serving until the switch. readModels names the models to "
                    + "rebuild (query or body); none means all. Poll GET /api/v1/admin/rebuilds/current.")
    @APIResponse(
            responseCode = "202",
            description = "Started",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Rebuild.Status.class)))
    @APIResponse(
            responseCode = "400",
            description = "An unknown read model, named in errors[0].field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "A rebuild is already running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(
            @Parameter(description = "read model(s) to rebuild") @QueryParam("readModel") List<String> readModel,
            RebuildRequest body,
            @Context UriInfo uri) {
        requireAllProducts(uri);
        List<String> names = new ArrayList<>(Params.split(readModel));
        if (body != null && body.readModels() != null) {
            names.addAll(body.readModels());
        }
        List<ReadModel> which = new ArrayList<>();
        for (String name : names) {
            ReadModel model = models.named(name)
                    .orElseThrow(() -> Problem.invalidField(
                            "readModels",
                            "has no read model " + name + "; there are "
                                    + models.all().stream().map(ReadModel::name).toList(),
                            uri));
            if (!which.contains(model)) {
                which.add(model);
            }
        }
        Rebuild.Status started = rebuild.start(which.isEmpty() ? models.all() : which);
        if (started == null) {
            return Problem.of(409, "conflict", "Conflict", "a rebuild is already running", uri.getPath())
                    .toResponse();
        }
        return Response.accepted(started)
                .location(uri.getBaseUriBuilder()
                        .path("/api/v1/admin/rebuilds/current")
                        .build())
                .build();
    }

    @GET
    @Path("/rebuilds/current")
    @Operation(summary = "The running or last rebuild: state, records read, events per second")
    @APIResponse(
            responseCode = "200",
            description = "The rebuild",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Rebuild.Status.class)))
    @APIResponse(
            responseCode = "404",
            description = "No rebuild since this instance started",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response current(@Context UriInfo uri) {
        requireAllProducts(uri);
        Rebuild.Status status = rebuild.status();
        return status == null
                ? Problem.of(404, "not-found", "Not found", "no rebuild since this instance started", uri.getPath())
                        .toResponse()
                : Response.ok(status).build();
    }

    private void requireAllProducts(UriInfo uri) {
        if (!ProductScope.of(token).all()) {
            throw new WebApplicationException(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "read models hold every product's data: only an administrator of every product (products *) "
                                    + "may operate them",
                            uri.getPath())
                    .toResponse());
        }
    }

    private static Response unknown(String name, UriInfo uri) {
        return Problem.of(404, "not-found", "Read model not found", "no read model " + name, uri.getPath())
                .toResponse();
    }
}
