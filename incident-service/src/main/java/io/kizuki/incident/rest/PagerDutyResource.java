package io.kizuki.incident.rest;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.incident.integration.Integration;
import io.kizuki.incident.integration.IntegrationTable;
import io.kizuki.incident.mapping.Classifier;
import io.kizuki.incident.mapping.ControlCharacters;
import io.kizuki.incident.mapping.PagerDutyNormalizer;
import io.kizuki.incident.mapping.SignalNormalizer.Sender;
import io.kizuki.incident.service.CommandGateway;
import io.kizuki.incident.service.Ids;
import io.kizuki.incident.service.IngestionMeters;
import io.kizuki.incident.service.RateLimiter;
import io.kizuki.incident.service.SignalIngestion;
import io.kizuki.ledger.WireCodec;
import io.kizuki.web.Problem.FieldError;
import io.smallrye.mutiny.Uni;

/**
 * PagerDuty Events API v2, so that anything that can page PagerDuty pages Kizuki unchanged: point it at
 * {@code https://kizuki.example/v2/enqueue} and use a Kizuki routing key as its integration key. As in PagerDuty, the
 * {@code routing_key} in the body is the only credential, and answers and errors have PagerDuty's shape.
 */
@Path("/v2")
@PermitAll
@Tag(name = "PagerDuty Events API v2", description = "PagerDuty-compatible ingestion: routing_key in the body")
public class PagerDutyResource {

    private static final Logger LOG = Logger.getLogger(PagerDutyResource.class);
    static final String SOURCE = PagerDutyNormalizer.SOURCE;

    private final IntegrationTable integrations;
    private final CommandGateway gateway;
    private final RateLimiter rateLimiter;
    private final SignalIngestion ingestion;
    private final Ids ids;
    private final IngestionMeters meters;
    private final PagerDutyNormalizer normalizer;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final Clock clock = Clock.systemUTC();

    public PagerDutyResource(
            IntegrationTable integrations,
            CommandGateway gateway,
            RateLimiter rateLimiter,
            SignalIngestion ingestion,
            Ids ids,
            IngestionMeters meters,
            IncidentServiceConfig config) {
        this.integrations = integrations;
        this.gateway = gateway;
        this.rateLimiter = rateLimiter;
        this.ingestion = ingestion;
        this.ids = ids;
        this.meters = meters;
        this.normalizer = new PagerDutyNormalizer(Classifier.of(config.classification()));
    }

    /** PagerDuty's answer: success with the dedup key, or why not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(
            String status,
            String message,
            @JsonProperty("dedup_key") String dedupKey,
            List<String> errors) {

        static Answer invalid(List<FieldError> errors) {
            return new Answer(
                    "invalid event",
                    "Event object is invalid",
                    null,
                    errors.stream().map(PagerDutyNormalizer::sentence).toList());
        }
    }

    @POST
    @Path("/enqueue")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Send an event (PagerDuty Events API v2)",
            description = "event_action trigger, acknowledge or resolve. A trigger opens an incident for its dedup_key "
                    + "(generated and returned when absent) or joins the open one; acknowledge and resolve act on the "
                    + "open incident of that dedup_key of the same integration, and change nothing otherwise. A "
                    + "trigger after a resolve opens a new incident, linked to the earlier one as a recurrence.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "trigger", value = """
                    {"routing_key":"R0UT1NGKEYSHOP00000000000000000A","event_action":"trigger",
                     "dedup_key":"checkout-latency","payload":{"summary":"Checkout p99 above 2 s","source":"shop-web-1",
                     "severity":"critical","component":"shop-checkout","group":"shop","class":"latency"},
                     "links":[{"href":"https://grafana.example/d/shop","text":"dashboard"}]}""")))
    @APIResponse(
            responseCode = "202",
            description = "Event processed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid event or routing key (PagerDuty's error shape)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(
            responseCode = "413",
            description = "The event is larger than 512 KiB (PagerDuty's limit)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(responseCode = "429", description = "Rate limit of the integration reached; see Retry-After")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge; retry after Retry-After")
    public Uni<Response> enqueue(byte[] body, @Context HttpHeaders headers) {
        Read read = read(body, headers);
        if (read.refusal() != null) {
            return Uni.createFrom().item(read.refusal());
        }
        String actor = "integration:" + read.integration().name();
        var normalized = normalizer.normalize(
                new PagerDutyNormalizer.Event(read.event(), read.integration()),
                new Sender(Set.of(read.integration().product()), actor, clock.instant(), ids));
        if (!normalized.valid()) {
            return Uni.createFrom().item(answer(400, Answer.invalid(normalized.errors()), "validation"));
        }
        String dedupKey = normalized.signals().getFirst().fingerprint();
        return ingestion
                .atOnce(SOURCE, normalized.signals(), actor)
                .map(done -> Response.accepted(new Answer("success", "Event processed", dedupKey, null))
                        .type(MediaType.APPLICATION_JSON)
                        .build())
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warn("Kafka did not acknowledge a PagerDuty event", failure);
                    meters.rejected(SOURCE, "unavailable");
                    return Response.status(503)
                            .type(MediaType.APPLICATION_JSON)
                            .entity(new Answer("error", "The event could not be stored; retry", null, null))
                            .header(HttpHeaders.RETRY_AFTER, 1)
                            .build();
                });
    }

    @POST
    @Path("/change/enqueue")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Send a change event (PagerDuty Events API v2)",
            description = "Recorded on the ledger stream service:<name> and never opens an incident. The service is "
                    + "custom_details.service, else payload.source, else the integration's name; custom_details.kind "
                    + "(deploy, rollback, config, feature-flag; default deploy) and custom_details.version are kept.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "deploy", value = """
                    {"routing_key":"R0UT1NGKEYSHOP00000000000000000A","payload":{"summary":"Deploy shop-checkout 812",
                     "timestamp":"2026-11-22T14:02:00Z","source":"shop-checkout",
                     "custom_details":{"version":"2026.11.22-1","kind":"deploy"}},
                     "links":[{"href":"https://ci.example/shop/builds/812","text":"build"}]}""")))
    @APIResponse(
            responseCode = "202",
            description = "Change event processed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid event or routing key (PagerDuty's error shape)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(
            responseCode = "413",
            description = "The event is larger than 512 KiB (PagerDuty's limit)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(responseCode = "429", description = "Rate limit of the integration reached; see Retry-After")
    public Uni<Response> changeEnqueue(byte[] body, @Context HttpHeaders headers) {
        Read read = read(body, headers);
        if (read.refusal() != null) {
            return Uni.createFrom().item(read.refusal());
        }
        Integration integration = read.integration();
        var change = PagerDutyNormalizer.change(read.event(), integration);
        if (!change.errors().isEmpty()) {
            return Uni.createFrom().item(answer(400, Answer.invalid(change.errors()), "validation"));
        }
        // the same change event sent again is the same command: recorded once
        String commandId = change.command().changeId().substring("chg-".length());
        return gateway.send(commandId, change.command(), "integration:" + integration.name())
                .map(result -> Response.accepted(new Answer("success", "Change event processed", null, null))
                        .type(MediaType.APPLICATION_JSON)
                        .build())
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warn("Kafka did not take a PagerDuty change event", failure);
                    return Response.status(503)
                            .type(MediaType.APPLICATION_JSON)
                            .entity(new Answer("error", "The change event could not be stored; retry", null, null))
                            .header(HttpHeaders.RETRY_AFTER, 1)
                            .build();
                });
    }

    /** An event read with the integration that sent it, or PagerDuty's answer refusing it. */
    private record Read(JsonNode event, Integration integration, Response refusal) {

        static Read refused(Response refusal) {
            return new Read(null, null, refusal);
        }
    }

    /** The event and its integration; refused when not a JSON object, of no active integration, or over the limit. */
    private Read read(byte[] body, HttpHeaders headers) {
        JsonNode event = json(body, headers);
        if (event == null) {
            return Read.refused(answer(
                    400,
                    new Answer(
                            "invalid event",
                            "Event object is invalid",
                            null,
                            List.of("Event object is not a JSON object")),
                    "malformed-json"));
        }
        Integration integration = integration(event);
        if (integration == null) {
            return Read.refused(answer(
                    400,
                    new Answer("invalid event", "Event object is invalid", null, List.of("Invalid routing key")),
                    "unknown-routing-key"));
        }
        long retryAfter = rateLimiter.acquire("integration:" + integration.name(), integration.integrationId());
        if (retryAfter > 0) {
            meters.rejected(SOURCE, "rate-limited");
            return Read.refused(Response.status(429)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new Answer(
                            "throttle event",
                            "Requests for this integration are arriving too quickly. " + "Please retry later.",
                            null,
                            null))
                    .header(HttpHeaders.RETRY_AFTER, retryAfter)
                    .build());
        }
        return new Read(event, integration, null);
    }

    /** The active integration the event's routing key belongs to, or {@code null}. */
    private Integration integration(JsonNode event) {
        return integrations.byRoutingKey(PagerDutyNormalizer.routingKey(event)).orElse(null);
    }

    private JsonNode json(byte[] body, HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        if (body == null
                || body.length == 0
                || body.length > PagerDutyBodyLimit.MAX_BYTES
                || (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE))) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() ? ControlCharacters.stripTree(node) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Response answer(int status, Answer answer, String reason) {
        meters.rejected(SOURCE, reason);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(answer)
                .build();
    }
}
