package io.kizuki.incident.rest;

import java.time.Clock;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.kizuki.incident.domain.Heartbeat;
import io.kizuki.incident.mapping.JsonBody;
import io.kizuki.incident.mapping.StreamKeys;
import io.kizuki.incident.security.Caller;
import io.kizuki.incident.service.Ids;
import io.kizuki.incident.service.IngestionMeters;
import io.kizuki.incident.service.SignalPublisher;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.HeartbeatPinged;
import io.kizuki.web.Problem;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Heartbeats: a job or service pings its heartbeat; if no ping follows within the interval, Kizuki raises a
 * service-down signal (an incident), and the next ping resolves it. The silence is detected by incident-service's
 * detection decider from its changelogged state, so it survives restarts.
 */
@Path("/api/v1/heartbeats")
@Tag(name = "Heartbeats", description = "Dead-man switches for jobs and services")
@RolesAllowed(Roles.INTEGRATION)
public class HeartbeatResource {

    private static final Logger LOG = Logger.getLogger(HeartbeatResource.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,120}");
    static final long DEFAULT_INTERVAL_SECONDS = 300;
    static final long MAX_INTERVAL_SECONDS = 7 * 24 * 3600;

    private final SignalPublisher publisher;
    private final IngestionMeters meters;
    private final Ids ids;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    public HeartbeatResource(SignalPublisher publisher, IngestionMeters meters, Ids ids, SecurityIdentity identity) {
        this.publisher = publisher;
        this.meters = meters;
        this.ids = ids;
        this.identity = identity;
    }

    /** A ping taken. */
    public record Pinged(String name, String dedupKey, long intervalSeconds, String silentAfter) {}

    /** A ping's optional settings, for the OpenAPI document. */
    public record Ping(
            @Schema(description = "seconds until the heartbeat counts as silent; default 300")
            Long intervalSeconds,

            @Schema(description = "default: the heartbeat's name")
            String service,

            @Schema(description = "of the incident a silence opens; default SEV2")
            String severity,

            @Schema(description = "needed when the caller has several products")
            String product) {}

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Ping a heartbeat",
            description = "Creates it on the first ping. Each ping sets the interval; no ping within it raises a "
                    + "service-down signal (an incident); the next ping resolves it.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Ping.class),
                            examples =
                                    @ExampleObject(
                                            name = "nightly job",
                                            value =
                                                    "{\"intervalSeconds\":90000,\"service\":\"shop-export\",\"severity\":\"SEV3\"}")))
    @APIResponse(
            responseCode = "202",
            description = "Ping recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Pinged.class)))
    @APIResponse(
            responseCode = "400",
            description = "Fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> ping(
            @PathParam("name") String name, byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        Caller caller = Caller.of(identity);
        JsonBody json = JsonBody.parse(body, headers.getMediaType(), uri.getPath(), false);
        if (!NAME.matcher(name).matches()) {
            json.reject("name", "must be 1 to 120 letters, digits, '.', '_' or '-'");
        }
        long interval = DEFAULT_INTERVAL_SECONDS;
        var intervalNode = json.tree().get("intervalSeconds");
        if (intervalNode != null && !intervalNode.isNull()) {
            if (!intervalNode.canConvertToLong()
                    || intervalNode.asLong() < 1
                    || intervalNode.asLong() > MAX_INTERVAL_SECONDS) {
                json.reject("intervalSeconds", "must be a whole number of seconds from 1 to " + MAX_INTERVAL_SECONDS);
            } else {
                interval = intervalNode.asLong();
            }
        }
        String service = json.text("service", false, 128);
        String severity = json.text("severity", false, 16);
        String product = json.product(caller);
        json.validate("Invalid heartbeat ping");
        JsonBody.requireProduct(caller, product, "ping heartbeats", uri.getPath());
        String dedupKey = StreamKeys.of(Heartbeat.SOURCE, product, name);
        var ping = new HeartbeatPinged(
                ids.get().toString(),
                dedupKey,
                name,
                product,
                service == null ? name : service,
                severity == null ? Severity.SEV2 : Severity.fromLabel(severity),
                interval,
                clock.instant(),
                caller.actor());
        long seconds = interval;
        return publisher
                .publish(ping, caller.actor())
                .map(done -> Response.accepted(new Pinged(
                                name,
                                dedupKey,
                                seconds,
                                ping.pingedAt().plusSeconds(seconds).toString()))
                        .build())
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warn("Kafka did not take a heartbeat ping", failure);
                    meters.rejected(Heartbeat.SOURCE, "unavailable");
                    return Problem.of(
                                    503,
                                    "unavailable",
                                    "Service unavailable",
                                    "the ping could not be stored; retry",
                                    uri.getPath())
                            .toResponseBuilder()
                            .header(HttpHeaders.RETRY_AFTER, 1)
                            .build();
                });
    }
}
