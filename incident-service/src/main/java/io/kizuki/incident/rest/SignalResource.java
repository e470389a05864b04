package io.kizuki.incident.rest;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Singleton;
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
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.incident.mapping.AlertmanagerNormalizer;
import io.kizuki.incident.mapping.Classifier;
import io.kizuki.incident.mapping.GenericNormalizer;
import io.kizuki.incident.mapping.JsonBody;
import io.kizuki.incident.mapping.SignalNormalizer.Sender;
import io.kizuki.incident.security.Caller;
import io.kizuki.incident.service.Ids;
import io.kizuki.incident.service.IngestionMeters;
import io.kizuki.incident.service.SignalIngestion;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Ingestion: monitoring tools push alerts here, in their own formats. One instance serves every request. */
@Singleton
@Path("/api/v1/signals")
@Tag(name = "Signals", description = "Ingestion endpoints for monitoring producers")
public class SignalResource {

    private static final Logger LOG = Logger.getLogger(SignalResource.class);

    private final SignalIngestion ingestion;
    private final IngestionMeters meters;
    private final Ids ids;
    private final LargeWebhooks largeWebhooks;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final AlertmanagerNormalizer alertmanager;
    private final AlertmanagerNormalizer grafana;
    private final GenericNormalizer generic;

    public SignalResource(
            SignalIngestion ingestion,
            IngestionMeters meters,
            Ids ids,
            LargeWebhooks largeWebhooks,
            SecurityIdentity identity,
            IncidentServiceConfig config) {
        Classifier classifier = Classifier.of(config.classification());
        this.alertmanager = new AlertmanagerNormalizer(
                WireCodec.newMapper(), classifier, AlertmanagerNormalizer.Flavor.ALERTMANAGER);
        this.grafana =
                new AlertmanagerNormalizer(WireCodec.newMapper(), classifier, AlertmanagerNormalizer.Flavor.GRAFANA);
        this.generic = new GenericNormalizer(classifier);
        this.ingestion = ingestion;
        this.meters = meters;
        this.ids = ids;
        this.largeWebhooks = largeWebhooks;
        this.identity = identity;
        this.clock = Clock.systemUTC();
    }

    /** The answer to an accepted webhook. */
    public record Accepted(int accepted, String dedupKey, List<String> signalIds) {}

    @POST
    @Path("/alertmanager")
    @RolesAllowed(Roles.INTEGRATION)
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Accept an Alertmanager webhook (version 4)",
            description = "Point an Alertmanager webhook_config at this URL. Answers 202 once every alert is in Kafka; "
                    + "any number of alerts up to 32 MiB of body, read and written in batches. "
                    + "Authenticate with a token of an integration client, or with the integration's routing key "
                    + "as bearer token.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(description = "Alertmanager webhook payload, version 4")))
    @APIResponse(
            responseCode = "202",
            description = "Accepted: every alert is on kizuki.signals.v1",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed payload; the fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            description = "No valid token or routing key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "Not an integration, or an alert of a product the caller may not " + "push for",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "429",
            description = "Rate limit of the integration reached; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "Body larger than kizuki.ingest.max-body-size (32 MiB); cap the "
                    + "notification with Alertmanager's max_alerts")
    @APIResponse(
            responseCode = "415",
            description = "Not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "Kafka did not acknowledge, or too much is in flight; retry after " + "Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> alertmanager(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return webhook(alertmanager, body, headers, uri);
    }

    @POST
    @Path("/grafana")
    @RolesAllowed(Roles.INTEGRATION)
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Accept a Grafana alerting webhook",
            description =
                    "Point a Grafana webhook contact point at this URL. As the Alertmanager endpoint, and Grafana's "
                            + "dashboardURL, panelURL, silenceURL and imageURL are kept as links of each signal.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(description = "Grafana alerting webhook payload, version 1")))
    @APIResponse(
            responseCode = "202",
            description = "Accepted: every alert is on kizuki.signals.v1",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed payload; the fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "429",
            description = "Rate limit of the integration reached; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "Kafka did not acknowledge, or too much is in flight; retry after " + "Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> grafana(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return webhook(grafana, body, headers, uri);
    }

    @POST
    @RolesAllowed(Roles.INTEGRATION)
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Accept one signal in Kizuki's own format",
            description = "For scripts and tools without a webhook format of their own. Signals with the same dedupKey "
                    + "(default: service and title) belong to one open incident; fingerprint (default: the dedupKey) "
                    + "tells alerts of one incident apart; status resolved resolves them.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = GenericSignal.class),
                            examples = @ExampleObject(name = "signal", value = """
                    {"title":"Nightly export failed","service":"shop-export","severity":"SEV3","status":"firing",
                     "dedupKey":"shop-export-nightly","labels":{"job":"export"},
                     "links":[{"rel":"log","href":"https://logs.example/export/2026-11-22"}]}""")))
    @APIResponse(
            responseCode = "202",
            description = "Accepted: the signal is on kizuki.signals.v1",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> generic(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        Caller caller = Caller.of(identity);
        JsonBody json = JsonBody.parse(body, headers.getMediaType(), uri.getPath(), true);
        String product = json.product(caller);
        var normalized = generic.normalize(new GenericNormalizer.Request(json, product), sender(caller));
        if (!normalized.errors().isEmpty()) {
            meters.rejected(generic.source(), "validation");
            throw new ProblemException(
                    Problem.of(400, "validation", "Invalid signal", "nothing was changed", uri.getPath())
                            .withErrors(normalized.errors()));
        }
        if (!normalized.forbidden().isEmpty()) {
            meters.rejected(generic.source(), "forbidden");
            throw new ProblemException(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "the caller may not push signals of " + "product " + product,
                            uri.getPath())
                    .withErrors(normalized.forbidden()));
        }
        return write(generic.source(), normalized.signals(), caller.actor(), uri.getPath());
    }

    /** A signal in Kizuki's own format, for the OpenAPI document. */
    public record GenericSignal(
            @Schema(required = true) String title,
            @Schema(required = true) String service,

            @Schema(description = "SEV1–SEV4, or critical, error, warning, info; default SEV3")
            String severity,

            @Schema(enumeration = {"firing", "resolved"}) String status,
            String dedupKey,
            String fingerprint,
            String product,

            @Schema(name = "class", description = "service-down, latency, error-rate, saturation or other")
            String className,

            Map<String, String> labels,
            List<Link> links,
            Instant startsAt) {}

    private Uni<Response> webhook(AlertmanagerNormalizer normalizer, byte[] body, HttpHeaders headers, UriInfo uri) {
        String source = normalizer.source();
        MediaType type = headers.getMediaType();
        if (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            meters.rejected(source, "unsupported-media-type");
            throw new ProblemException(Problem.of(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "send the webhook as application/json",
                    uri.getPath()));
        }
        if (body == null || body.length == 0) {
            meters.rejected(source, "validation");
            throw new ProblemException(
                    Problem.of(400, "validation", "Invalid webhook", "the request has no body", uri.getPath())
                            .withErrors(List.of(new Problem.FieldError("$", "is required"))));
        }
        Sender sender = sender(Caller.of(identity));
        String path = uri.getPath();
        if (!largeWebhooks.large(body.length)) {
            var kept = new AlertmanagerNormalizer.Kept();
            var normalized = normalizer.normalize(
                    new AlertmanagerNormalizer.Scanned(scan(normalizer, body, sender, path, kept), kept), sender);
            return write(source, normalized.signals(), sender.integration(), path);
        }
        CompletableFuture<Response> read = largeWebhooks.read(() -> {
            try {
                var scan = scan(normalizer, body, sender, path, null);
                var ingested = ingestion.inBatches(normalizer, body, scan, sender);
                return accepted(ingested);
            } catch (ProblemException refused) {
                return refused.problem().toResponse();
            } catch (RuntimeException failure) {
                return unavailable(source, failure, path);
            }
        });
        if (read == null) {
            meters.rejected(source, "busy");
            return Uni.createFrom().item(LargeWebhooks.busy(uri.getPath()));
        }
        return Uni.createFrom().completionStage(read);
    }

    private Sender sender(Caller caller) {
        return new Sender(caller.products(), caller.actor(), clock.instant(), ids);
    }

    /** Signals held in memory, written at once: 202 once Kafka has every one. */
    private Uni<Response> write(String source, List<SignalReceived> signals, String actor, String path) {
        return ingestion
                .atOnce(source, signals, actor)
                .map(SignalResource::accepted)
                .onFailure()
                .recoverWithItem(failure -> unavailable(source, failure, path));
    }

    private static Response accepted(SignalIngestion.Ingested ingested) {
        return Response.accepted(new Accepted(ingested.count(), ingested.dedupKey(), ingested.signalIds()))
                .build();
    }

    private Response unavailable(String source, Throwable failure, String path) {
        LOG.warn("Kafka did not acknowledge signals", failure);
        meters.rejected(source, "unavailable");
        return Problem.of(
                        503,
                        "unavailable",
                        "Service unavailable",
                        "the signals could not be stored; retry the request",
                        path)
                .toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, 1)
                .build();
    }

    /**
     * The first reading of a webhook; a 400 (malformed JSON, fields at fault) or 403 (a product the caller may not
     * push for) when it is not to be taken.
     */
    private AlertmanagerNormalizer.Scan scan(
            AlertmanagerNormalizer normalizer,
            byte[] body,
            Sender sender,
            String path,
            AlertmanagerNormalizer.Kept kept) {
        AlertmanagerNormalizer.Scan scan;
        try {
            scan = normalizer.scan(body, sender.allowedProducts(), kept);
        } catch (IOException e) {
            meters.rejected(normalizer.source(), "malformed-json");
            throw new ProblemException(Problem.of(
                            400,
                            "malformed-json",
                            "Malformed JSON",
                            "the body is not valid JSON: "
                                    + (e instanceof JsonProcessingException json
                                            ? json.getOriginalMessage()
                                            : e.getMessage()),
                            path)
                    .withErrors(List.of(new Problem.FieldError("$", "must be valid JSON"))));
        }
        String more =
                scan.unlistedErrors() > 0 ? " (" + scan.unlistedErrors() + " more fields at fault not listed)" : "";
        if (!scan.forbidden().isEmpty()) {
            meters.rejected(normalizer.source(), "forbidden");
            throw new ProblemException(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "the caller may not push signals for these products; nothing was accepted" + more,
                            path)
                    .withErrors(scan.forbidden()));
        }
        if (!scan.errors().isEmpty()) {
            meters.rejected(normalizer.source(), "validation");
            throw new ProblemException(Problem.of(
                            400,
                            "validation",
                            "Invalid webhook",
                            "the payload is not a valid " + normalizer.flavor().description() + "; nothing was accepted"
                                    + more,
                            path)
                    .withErrors(scan.errors()));
        }
        return scan;
    }
}
