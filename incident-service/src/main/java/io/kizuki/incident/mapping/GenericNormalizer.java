package io.kizuki.incident.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.kizuki.incident.security.Caller;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem.FieldError;

/**
 * Kizuki's own signal format ({@code POST /api/v1/signals}), for scripts and tools without a webhook format of their
 * own: one signal per request. Signals with the same {@code dedupKey} (default: service and title) of one product
 * share a stream; {@code fingerprint} (default: the dedup key) tells alerts of one incident apart.
 */
public final class GenericNormalizer implements SignalNormalizer<GenericNormalizer.Request> {

    public static final String SOURCE = "generic";

    private final Classifier classifier;

    public GenericNormalizer(Classifier classifier) {
        this.classifier = classifier;
    }

    /**
     * A request's JSON as read, and the product it is for (the caller's own, or the one it names; {@code null} when
     * it could not be told).
     */
    public record Request(JsonBody json, String product) {}

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalized normalize(Request request, Sender sender) {
        JsonBody json = request.json();
        String title = json.text("title", true, 1024);
        String service = json.text("service", true, 128);
        String severityText = json.text("severity", false, 16);
        String status = json.oneOf("status", false, List.of(SignalReceived.FIRING, SignalReceived.RESOLVED));
        String dedupKey = json.text("dedupKey", false, 255);
        String fingerprint = json.text("fingerprint", false, 255);
        Map<String, String> labels = json.strings("labels", 64);
        var links = json.links("links");
        Instant startsAt = json.instant("startsAt");
        String className = json.text("class", false, 32);
        if (!json.errors().isEmpty()) {
            return Normalized.invalid(json.errors());
        }
        String product = request.product();
        if (!sender.allowedProducts().contains(Caller.ALL_PRODUCTS)
                && !sender.allowedProducts().contains(product)) {
            return new Normalized(
                    List.of(), List.of(), List.of(new FieldError("product", "is not one of the caller's products")), 0);
        }
        String key = dedupKey == null ? service + "|" + title : dedupKey;
        if (className != null) {
            labels.put(Classifier.CLASS_LABEL, className);
        }
        Instant now = sender.receivedAt();
        return Normalized.of(List.of(new SignalReceived(
                sender.ids().get().toString(),
                SOURCE,
                StreamKeys.of(SOURCE, product, key),
                fingerprint == null ? key : fingerprint,
                status == null ? SignalReceived.FIRING : status,
                title,
                product,
                service,
                Severity.fromLabel(severityText),
                labels,
                Map.of(),
                startsAt == null ? now : startsAt,
                null,
                now,
                json.tree(),
                sender.integration(),
                classifier.classify(title, labels, service),
                links,
                List.of())));
    }
}
