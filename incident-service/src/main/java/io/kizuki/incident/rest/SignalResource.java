package io.kizuki.incident.rest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

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
import io.kizuki.incident.security.Caller;
import io.kizuki.incident.service.Ids;
import io.kizuki.incident.service.SignalPublisher;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Ingestion: monitoring tools push alerts here, in their own formats. One instance serves every request. */
@Singleton
@Path("/api/v1/signals")
@Tag(name = "Signals", description = "Ingestion endpoints for monitoring producers")
public class SignalResource {

    private static final Logger LOG = Logger.getLogger(SignalResource.class);
    /** Meter names: signals accepted (by source) and requests rejected (by source and reason). */
    static final String ACCEPTED = "kizuki.signals.accepted";
    static final String REJECTED = "kizuki.signals.rejected";
    private static final String GENERIC = "generic";
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);
    private static final int BATCHES_IN_FLIGHT = 5;

    private final SignalPublisher publisher;
    private final Ids ids;
    private final LargeWebhooks largeWebhooks;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Classifier classifier;
    private final AlertmanagerNormalizer alertmanager;
    private final AlertmanagerNormalizer grafana;
    private final int batchSize;

    public SignalResource(SignalPublisher publisher, Ids ids, LargeWebhooks largeWebhooks, SecurityIdentity identity,
            MeterRegistry meters, IncidentServiceConfig config) {
        this.publisher = publisher;
        this.classifier = Classifier.of(config.classification());
        this.alertmanager = new AlertmanagerNormalizer(WireCodec.newMapper(), classifier,
                AlertmanagerNormalizer.Flavor.ALERTMANAGER);
        this.grafana = new AlertmanagerNormalizer(WireCodec.newMapper(), classifier,
                AlertmanagerNormalizer.Flavor.GRAFANA);
        this.batchSize = config.ingest().batchSize();
        this.ids = ids;
        this.largeWebhooks = largeWebhooks;
        this.identity = identity;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** The answer to an accepted webhook. */
    public record Accepted(int accepted, String dedupKey, List<String> signalIds) {
    }

    @POST
    @Path("/alertmanager")
    @RolesAllowed(Roles.INTEGRATION)
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Accept an Alertmanager webhook (version 4)",
            description = "Point an Alertmanager webhook_config at this URL. Answers 202 once every alert is in Kafka; "
                    + "any number of alerts up to 32 MiB of body, read and written in batches. "
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
    @APIResponse(responseCode = "413", description = "Body larger than kizuki.ingest.max-body-size (32 MiB); cap the "
            + "notification with Alertmanager's max_alerts")
    @APIResponse(responseCode = "415", description = "Not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge, or too much is in flight; retry after "
            + "Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> alertmanager(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return webhook(alertmanager, body, headers, uri);
    }

    @POST
    @Path("/grafana")
    @RolesAllowed(Roles.INTEGRATION)
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Accept a Grafana alerting webhook",
            description = "Point a Grafana webhook contact point at this URL. As the Alertmanager endpoint, and Grafana's "
                    + "dashboardURL, panelURL, silenceURL and imageURL are kept as links of each signal.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(description = "Grafana alerting webhook payload, version 1")))
    @APIResponse(responseCode = "202", description = "Accepted: every alert is on kizuki.signals.v1",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Malformed payload; the fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Rate limit of the integration reached; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge, or too much is in flight; retry after "
            + "Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Uni<Response> grafana(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return webhook(grafana, body, headers, uri);
    }

    @POST
    @RolesAllowed(Roles.INTEGRATION)
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Accept one signal in Kizuki's own format",
            description = "For scripts and tools without a webhook format of their own. Signals with the same dedupKey "
                    + "(default: service and title) belong to one open incident; fingerprint (default: the dedupKey) "
                    + "tells alerts of one incident apart; status resolved resolves them.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GenericSignal.class),
            examples = @ExampleObject(name = "signal", value = """
                    {"title":"Nightly export failed","service":"shop-export","severity":"SEV3","status":"firing",
                     "dedupKey":"shop-export-nightly","labels":{"job":"export"},
                     "links":[{"rel":"log","href":"https://logs.example/export/2026-11-22"}]}""")))
    @APIResponse(responseCode = "202", description = "Accepted: the signal is on kizuki.signals.v1",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> generic(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        Caller caller = Caller.of(identity);
        JsonBody json = JsonBody.parse(body, headers.getMediaType(), uri.getPath(), true);
        String title = json.text("title", true, 1024);
        String service = json.text("service", true, 128);
        String severityText = json.text("severity", false, 16);
        String status = json.oneOf("status", false, List.of(SignalReceived.FIRING, SignalReceived.RESOLVED));
        String dedupKey = json.text("dedupKey", false, 255);
        String fingerprint = json.text("fingerprint", false, 255);
        Map<String, String> labels = json.strings("labels", 64);
        var links = json.links("links");
        Instant startsAt = json.instant("startsAt");
        String product = json.product(caller);
        json.validate("Invalid signal");
        if (!caller.mayAccess(product)) {
            rejected(GENERIC, "forbidden");
        }
        JsonBody.requireProduct(caller, product, "push signals", uri.getPath());
        String key = dedupKey == null ? service + "|" + title : dedupKey;
        String className = json.text("class", false, 32);
        if (className != null) {
            labels.put(Classifier.CLASS_LABEL, className);
        }
        Instant now = clock.instant();
        var signal = new SignalReceived(ids.get().toString(), GENERIC,
                GENERIC + ":" + AlertmanagerNormalizer.sha256(product + "\n" + key).substring(0, 32),
                fingerprint == null ? key : fingerprint, status == null ? SignalReceived.FIRING : status, title,
                product, service, Severity.fromLabel(severityText), labels, Map.of(),
                startsAt == null ? now : startsAt, null, now, json.tree(),
                caller.actor(), classifier.classify(title, labels, service), links, List.of());
        return publisher.publish(List.of(signal), caller.actor(), ids.get().toString())
                .map(done -> {
                    meters.counter(ACCEPTED, "source", GENERIC).increment();
                    return accepted(1, signal.dedupKey(), List.of(signal.signalId()));
                })
                .onFailure().recoverWithItem(failure -> unavailable(GENERIC, failure, uri.getPath()));
    }

    /** A signal in Kizuki's own format, for the OpenAPI document. */
    public record GenericSignal(@Schema(required = true) String title, @Schema(required = true) String service,
            @Schema(description = "SEV1–SEV4, or critical, error, warning, info; default SEV3") String severity,
            @Schema(enumeration = { "firing", "resolved" }) String status, String dedupKey, String fingerprint,
            String product,
            @Schema(name = "class", description = "service-down, latency, error-rate, saturation or other")
            String className, Map<String, String> labels, List<Link> links, Instant startsAt) {
    }

    private Uni<Response> webhook(AlertmanagerNormalizer normalizer, byte[] body, HttpHeaders headers, UriInfo uri) {
        String source = normalizer.flavor().source();
        Caller caller = Caller.of(identity);
        MediaType type = headers.getMediaType();
        if (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            rejected(source, "unsupported-media-type");
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the webhook as application/json", uri.getPath()));
        }
        if (body == null || body.length == 0) {
            rejected(source, "validation");
            throw new ProblemException(Problem.of(400, "validation", "Invalid webhook",
                    "the request has no body", uri.getPath())
                    .withErrors(List.of(new Problem.FieldError("$", "is required"))));
        }
        var pusher = new AlertmanagerNormalizer.Caller(caller.products(), caller.actor(), clock.instant(), ids);
        String path = uri.getPath();
        if (!largeWebhooks.large(body.length)) {
            return ingestAtOnce(normalizer, body, pusher, path);
        }
        CompletableFuture<Response> read = largeWebhooks.read(() -> {
            try {
                return ingestInBatches(normalizer, body, pusher, path);
            } catch (ProblemException refused) {
                return refused.problem().toResponse();
            }
        });
        if (read == null) {
            rejected(source, "busy");
            return Uni.createFrom().item(LargeWebhooks.busy(uri.getPath()));
        }
        return Uni.createFrom().completionStage(read);
    }

    /** A small webhook: read and written at once, on the I/O thread. */
    private Uni<Response> ingestAtOnce(AlertmanagerNormalizer normalizer, byte[] body,
            AlertmanagerNormalizer.Caller pusher, String path) {
        var kept = new AlertmanagerNormalizer.Kept();
        var scan = scan(normalizer, body, pusher, path, kept);
        List<SignalReceived> signals = new ArrayList<>(scan.alerts());
        normalizer.signals(kept, scan, pusher, signals::add);
        String correlationId = ids.get().toString();
        return publisher.publish(signals, pusher.integration(), correlationId)
                .map(done -> {
                    meters.counter(ACCEPTED, "source", normalizer.flavor().source()).increment(signals.size());
                    return accepted(signals.size(), signals.get(0).dedupKey(),
                            signals.stream().map(SignalReceived::signalId).toList());
                })
                .onFailure().recoverWithItem(failure -> unavailable(normalizer.flavor().source(), failure, path));
    }

    /**
     * A large webhook, on a worker thread: validated in full first, then written a batch at a time, each batch waiting
     * for the broker's acks before the next is read, so that memory holds the body and one batch. A failure part-way
     * answers 503: the producer sends the webhook again and detection ignores the alerts it has already seen.
     */
    private Response ingestInBatches(AlertmanagerNormalizer normalizer, byte[] body,
            AlertmanagerNormalizer.Caller pusher, String path) {
        var scan = scan(normalizer, body, pusher, path, null);
        String correlationId = ids.get().toString();
        List<String> signalIds = new ArrayList<>(scan.alerts());
        var writes = new BatchWrites(normalizer, pusher.integration(), correlationId);
        String[] dedupKey = new String[1];
        try {
            readSignals(normalizer, body, scan, pusher, signal -> {
                signalIds.add(signal.signalId());
                dedupKey[0] = signal.dedupKey();
                writes.add(signal);
            });
            writes.finish();
        } catch (RuntimeException failure) {
            return unavailable(normalizer.flavor().source(), failure, path);
        }
        return accepted(signalIds.size(), dedupKey[0], signalIds);
    }

    /**
     * Writes the signals of a large webhook a batch at a time, with at most {@link #BATCHES_IN_FLIGHT} batches
     * unacknowledged: the producer stays busy while memory holds a bounded number of signals.
     */
    private final class BatchWrites {

        private final Counter accepted;
        private final String actor;
        private final String correlationId;
        private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        private List<SignalReceived> batch = new ArrayList<>(batchSize);

        BatchWrites(AlertmanagerNormalizer normalizer, String actor, String correlationId) {
            this.accepted = meters.counter(ACCEPTED, "source", normalizer.flavor().source());
            this.actor = actor;
            this.correlationId = correlationId;
        }

        void add(SignalReceived signal) {
            batch.add(signal);
            if (batch.size() == batchSize) {
                send();
            }
        }

        void finish() {
            send();
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        private void send() {
            if (batch.isEmpty()) {
                return;
            }
            List<SignalReceived> sent = batch;
            batch = new ArrayList<>(batchSize);
            inFlight.add(publisher.publish(sent, actor, correlationId)
                    .invoke(() -> accepted.increment(sent.size()))
                    .subscribeAsCompletionStage());
            if (inFlight.size() >= BATCHES_IN_FLIGHT) {
                awaitOldest();
            }
        }

        private void awaitOldest() {
            try {
                inFlight.removeFirst().get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing signals", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge a batch of signals", e);
            }
        }
    }

    private static Response accepted(int count, String dedupKey, List<String> signalIds) {
        return Response.accepted(new Accepted(count, dedupKey, signalIds)).build();
    }

    private Response unavailable(String source, Throwable failure, String path) {
        LOG.warn("Kafka did not acknowledge signals", failure);
        rejected(source, "unavailable");
        return Problem.of(503, "unavailable", "Service unavailable",
                "the signals could not be stored; retry the request", path)
                .toResponseBuilder().header(HttpHeaders.RETRY_AFTER, 1).build();
    }

    /** The first reading; a 400 or 403 naming the fields at fault when the webhook is not to be taken. */
    private AlertmanagerNormalizer.Scan scan(AlertmanagerNormalizer normalizer, byte[] body,
            AlertmanagerNormalizer.Caller pusher, String path, AlertmanagerNormalizer.Kept kept) {
        AlertmanagerNormalizer.Scan scan;
        try {
            scan = normalizer.scan(body, pusher.allowedProducts(), kept);
        } catch (IOException e) {
            rejected(normalizer.flavor().source(), "malformed-json");
            throw new ProblemException(Problem.of(400, "malformed-json", "Malformed JSON",
                    "the body is not valid JSON: " + (e instanceof JsonProcessingException json
                            ? json.getOriginalMessage() : e.getMessage()), path)
                    .withErrors(List.of(new Problem.FieldError("$", "must be valid JSON"))));
        }
        String more = scan.unlistedErrors() > 0 ? " (" + scan.unlistedErrors() + " more fields at fault not listed)"
                : "";
        if (!scan.forbidden().isEmpty()) {
            rejected(normalizer.flavor().source(), "forbidden");
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                    "the caller may not push signals for these products; nothing was accepted" + more, path)
                    .withErrors(scan.forbidden()));
        }
        if (!scan.errors().isEmpty()) {
            rejected(normalizer.flavor().source(), "validation");
            throw new ProblemException(Problem.of(400, "validation", "Invalid webhook",
                    "the payload is not a valid " + normalizer.flavor().description() + "; nothing was accepted" + more,
                    path).withErrors(scan.errors()));
        }
        return scan;
    }

    private void readSignals(AlertmanagerNormalizer normalizer, byte[] body, AlertmanagerNormalizer.Scan scan,
            AlertmanagerNormalizer.Caller pusher,
            Consumer<SignalReceived> sink) {
        try {
            normalizer.signals(body, scan, pusher, sink);
        } catch (IOException e) {
            throw new IllegalStateException("the body was readable JSON a moment ago", e);
        }
    }

    private void rejected(String source, String reason) {
        meters.counter(REJECTED, "source", source, "reason", reason).increment();
    }
}
