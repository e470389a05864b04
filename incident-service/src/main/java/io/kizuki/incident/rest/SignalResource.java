package io.kizuki.incident.rest;

import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.incident.mapping.AlertmanagerNormalizer;
import io.kizuki.incident.security.Caller;
import io.kizuki.incident.security.RoutingKeyIdentityProvider;
import io.kizuki.incident.service.Ids;
import io.kizuki.incident.service.RateLimiter;
import io.kizuki.incident.service.SignalPublisher;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.SignalReceived;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Ingestion: monitoring tools push alerts here, in their own formats. */
@Path("/api/v1/signals")
@Tag(name = "Signals", description = "Ingestion endpoints for monitoring producers")
public class SignalResource {

    private static final Logger LOG = Logger.getLogger(SignalResource.class);
    /** Meter names: signals accepted (by source) and requests rejected (by source and reason). */
    static final String ACCEPTED = "kizuki.signals.accepted";
    static final String REJECTED = "kizuki.signals.rejected";
    private static final String ALERTMANAGER = "alertmanager";

    private final SignalPublisher publisher;
    private final Ids ids;
    private final RateLimiter rateLimiter;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter acceptedAlertmanager;
    private final ObjectMapper mapper = WireCodec.newMapper();

    public SignalResource(SignalPublisher publisher, Ids ids, RateLimiter rateLimiter, SecurityIdentity identity,
            MeterRegistry meters) {
        this.publisher = publisher;
        this.ids = ids;
        this.rateLimiter = rateLimiter;
        this.identity = identity;
        this.meters = meters;
        this.acceptedAlertmanager = meters.counter(ACCEPTED, "source", ALERTMANAGER);
        this.clock = Clock.systemUTC();
    }

    /** The answer to an accepted webhook. */
    public record Accepted(int accepted, String dedupKey, List<String> signalIds) {
    }

    @POST
    @Path("/alertmanager")
    @RolesAllowed(RoutingKeyIdentityProvider.INTEGRATION_ROLE)
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Accept an Alertmanager webhook (version 4)",
            description = "Point an Alertmanager webhook_config at this URL. Answers 202 once every alert is in Kafka. "
                    + "Authenticate with a token of an integration client, or with the integration's routing key "
                    + "as bearer token.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(description = "Alertmanager webhook payload, version 4")))
    @APIResponse(responseCode = "202", description = "Accepted: every alert is on kizuki.signals.v1",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Malformed payload; the fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token or routing key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not an integration, or an alert of a product the caller may not "
            + "push for", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Rate limit of the integration reached; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge, or too much is in flight; retry after "
            + "Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> alertmanager(String body, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        Caller caller = Caller.of(identity);
        long retryAfter = rateLimiter.acquire(caller.actor(), identity.getAttribute(Caller.INTEGRATION_ATTRIBUTE));
        if (retryAfter > 0) {
            rejected(ALERTMANAGER, "rate-limited");
            return Uni.createFrom().item(Problem.of(429, "rate-limited", "Too many requests",
                    "the integration's rate limit is reached; retry after " + retryAfter + " s", uri.getPath())
                    .toResponseBuilder().header(HttpHeaders.RETRY_AFTER, retryAfter).build());
        }
        MediaType type = headers.getMediaType();
        if (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            rejected(ALERTMANAGER, "unsupported-media-type");
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the webhook as application/json", uri.getPath()));
        }
        JsonNode json = parse(body, uri);
        var result = AlertmanagerNormalizer.normalize(json, clock.instant(), ids, caller.products());
        if (!result.forbidden().isEmpty()) {
            rejected(ALERTMANAGER, "forbidden");
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                    "the caller may not push signals for these products; nothing was accepted", uri.getPath())
                    .withErrors(result.forbidden()));
        }
        if (!result.errors().isEmpty()) {
            rejected(ALERTMANAGER, "validation");
            throw new ProblemException(Problem.of(400, "validation", "Invalid Alertmanager webhook",
                    "the payload is not an Alertmanager webhook version 4; nothing was accepted", uri.getPath())
                    .withErrors(result.errors()));
        }
        List<SignalReceived> signals = result.signals();
        String correlationId = ids.get().toString();
        return publisher.publish(signals, caller.actor(), correlationId)
                .map(done -> {
                    acceptedAlertmanager.increment(signals.size());
                    return Response.accepted(new Accepted(signals.size(), signals.get(0).dedupKey(),
                            signals.stream().map(SignalReceived::signalId).toList())).build();
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warn("Kafka did not acknowledge signals", failure);
                    rejected(ALERTMANAGER, "unavailable");
                    return Problem.of(503, "unavailable", "Service unavailable",
                            "the signals could not be stored; retry the request", uri.getPath())
                            .toResponseBuilder().header(HttpHeaders.RETRY_AFTER, 1).build();
                });
    }

    private void rejected(String source, String reason) {
        meters.counter(REJECTED, "source", source, "reason", reason).increment();
    }

    private JsonNode parse(String body, UriInfo uri) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : mapper.readTree(body);
            if (node == null) {
                rejected(ALERTMANAGER, "validation");
                throw new ProblemException(Problem.of(400, "validation", "Invalid Alertmanager webhook",
                        "the request has no body", uri.getPath())
                        .withErrors(List.of(new Problem.FieldError("$", "is required"))));
            }
            return node;
        } catch (JsonProcessingException e) {
            rejected(ALERTMANAGER, "malformed-json");
            throw new ProblemException(Problem.of(400, "malformed-json", "Malformed JSON",
                    "the body is not valid JSON: " + e.getOriginalMessage(), uri.getPath())
                    .withErrors(List.of(new Problem.FieldError("$", "must be valid JSON"))));
        }
    }
}
