package io.kizuki.incident.rest;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.incident.mapping.JsonBody;
import io.kizuki.incident.security.Caller;
import io.kizuki.incident.service.CommandGateway;
import io.kizuki.incident.service.Ids;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.command.ServiceCommand;
import io.kizuki.web.Problem;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Changes: deploys, rollbacks, config changes and feature flags, pushed by pipelines (integration) or people
 * (responder). Each goes on the service's ledger stream and never opens an incident.
 */
@Path("/api/v1/changes")
@Tag(name = "Changes", description = "Record deploys, rollbacks, config changes and feature flags")
@RolesAllowed({Roles.INTEGRATION, Roles.RESPONDER})
public class ChangeResource {

    static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9._-]{1,120}");

    private final CommandGateway gateway;
    private final Ids ids;
    private final SecurityIdentity identity;

    public ChangeResource(CommandGateway gateway, Ids ids, SecurityIdentity identity) {
        this.gateway = gateway;
        this.ids = ids;
        this.identity = identity;
    }

    /** A change as recorded: its id, the stream it is on, and the event. */
    public record ChangeAccepted(String changeId, String stream, long sequence, Object event) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Record a change to a service",
            description = "kind deploy, rollback, config or feature-flag. The product is the caller's own, or "
                    + "'product' when the caller has several.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "deploy", value = """
                    {"service":"shop-checkout","version":"2026.11.22-1","kind":"deploy","summary":"pool size 20 → 10",
                     "link":"https://ci.example/shop/builds/812","actor":"ci:shop-pipeline"}""")))
    @APIResponse(
            responseCode = "201",
            description = "Recorded on service:<name>",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ChangeAccepted.class)))
    @APIResponse(responseCode = "202", description = "Queued but not recorded in time; it will be")
    @APIResponse(
            responseCode = "400",
            description = "Fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "429",
            description = "Rate limit of the caller reached; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "Not of that product",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "The Idempotency-Key was used by this caller for another change",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "Kafka did not take the change; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> record(byte[] body, @BeanParam CommandRequest request) {
        Caller caller = Caller.of(identity);
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        String service = json.text("service", true, 120);
        if (service != null && !SERVICE.matcher(service).matches()) {
            json.reject("service", "must be letters, digits, '.', '_' or '-'");
        }
        String kind = json.oneOf("kind", true, RecordChange.KINDS);
        String version = json.text("version", false, 200);
        String summary = json.text("summary", false, 1000);
        String link = json.text("link", false, 2000);
        String actor = json.text("actor", false, 200);
        Instant occurredAt = json.instant("occurredAt");
        String product = json.product(caller);
        json.validate("Invalid change");
        JsonBody.requireProduct(caller, product, "record changes", request.path());
        String commandId = request.commandId(ids, "change", caller.actor());
        var command = new RecordChange(
                ServiceCommand.STREAM_PREFIX + service,
                "chg-" + commandId,
                product,
                service,
                version,
                kind,
                summary,
                link == null ? List.of() : List.of(new Link("change", link)),
                actor == null ? caller.actor() : actor,
                occurredAt,
                caller.productList());
        return CommandAnswers.answer(
                gateway.send(commandId, command, caller.actor()),
                request.path(),
                result -> Response.status(201)
                        .entity(new ChangeAccepted(
                                command.changeId(),
                                command.stream(),
                                result.sequence(),
                                result.events().get(0).data()))
                        .build(),
                () -> Response.accepted(new ChangeAccepted(command.changeId(), command.stream(), 0, null))
                        .build());
    }
}
