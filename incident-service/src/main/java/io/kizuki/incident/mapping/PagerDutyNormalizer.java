package io.kizuki.incident.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.incident.integration.Integration;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.command.ServiceCommand;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem.FieldError;

/**
 * Reads a PagerDuty Events API v2 event ({@code POST /v2/enqueue}) with PagerDuty's rules: {@code event_action}
 * trigger, acknowledge or resolve; {@code dedup_key} generated for a trigger without one (at most 255 characters);
 * for a trigger a {@code payload} with {@code summary} (at most 1024 characters), {@code source} and {@code severity}
 * (critical, error, warning, info). The dedup stream belongs to the integration, so one integration's key never
 * reaches another's incidents.
 */
public final class PagerDutyNormalizer implements SignalNormalizer<PagerDutyNormalizer.Event> {

    public static final String SOURCE = "pagerduty";
    public static final int MAX_SUMMARY = 1024;
    public static final int MAX_DEDUP_KEY = 255;
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Map<String, Severity> SEVERITIES =
            Map.of("critical", Severity.SEV1, "error", Severity.SEV2, "warning", Severity.SEV3, "info", Severity.SEV4);

    private final Classifier classifier;

    public PagerDutyNormalizer(Classifier classifier) {
        this.classifier = classifier;
    }

    /**
     * An event of the Events API v2 and the integration its routing key names. The answer's {@code dedup_key} is
     * the signal's fingerprint (generated when the event has none).
     */
    public record Event(JsonNode event, Integration integration) {}

    @Override
    public String source() {
        return SOURCE;
    }

    /** PagerDuty answers the fields at fault as sentences: {@code 'field' what is wrong}. */
    public static String sentence(FieldError error) {
        return "'" + error.field() + "' " + error.detail();
    }

    /** Only the fields the integration lookup needs: checked before anything else. */
    public static String routingKey(JsonNode event) {
        JsonNode key = event == null ? null : event.get("routing_key");
        return key == null || !key.isTextual() ? null : key.asText();
    }

    @Override
    public Normalized normalize(Event input, Sender sender) {
        JsonNode event = input.event();
        Integration integration = input.integration();
        Instant receivedAt = sender.receivedAt();
        Supplier<UUID> ids = sender.ids();
        List<FieldError> errors = new ArrayList<>();
        String action = text(event, "event_action");
        if (action == null || !ACTIONS.contains(action)) {
            errors.add(
                    new FieldError("event_action", "is missing or invalid: must be trigger, acknowledge or resolve"));
        }
        JsonNode dedupNode = event.get("dedup_key");
        String dedupKey = null;
        if (dedupNode != null && !dedupNode.isNull()) {
            if (!dedupNode.isTextual() || dedupNode.asText().isEmpty()) {
                errors.add(new FieldError("dedup_key", "must be a non-empty string"));
            } else if (dedupNode.asText().length() > MAX_DEDUP_KEY) {
                errors.add(new FieldError("dedup_key", "is too long: at most " + MAX_DEDUP_KEY + " characters"));
            } else {
                dedupKey = dedupNode.asText();
            }
        } else if ("acknowledge".equals(action) || "resolve".equals(action)) {
            errors.add(new FieldError("dedup_key", "is required for event_action " + action));
        }
        JsonNode payload = event.get("payload");
        String summary = null;
        String source = null;
        Severity severity = Severity.SEV3;
        Instant timestamp = receivedAt;
        Map<String, String> labels = new LinkedHashMap<>();
        if ("trigger".equals(action)) {
            if (payload == null || !payload.isObject()) {
                errors.add(new FieldError("payload", "is missing or is not an object"));
            } else {
                summary = text(payload, "summary");
                if (summary == null || summary.isBlank()) {
                    errors.add(new FieldError("payload.summary", "is missing or blank"));
                } else if (summary.length() > MAX_SUMMARY) {
                    errors.add(
                            new FieldError("payload.summary", "is too long: at most " + MAX_SUMMARY + " characters"));
                }
                source = text(payload, "source");
                if (source == null || source.isBlank()) {
                    errors.add(new FieldError("payload.source", "is missing or blank"));
                }
                String severityText = text(payload, "severity");
                if (severityText == null || !SEVERITIES.containsKey(severityText)) {
                    errors.add(new FieldError(
                            "payload.severity", "is missing or invalid: must be critical, error, warning or info"));
                } else {
                    severity = SEVERITIES.get(severityText);
                }
                timestamp = timestamp(payload, receivedAt, errors);
                for (String field : List.of("source", "component", "group", "class")) {
                    String value = text(payload, field);
                    if (value != null) {
                        labels.put(field, value);
                    }
                }
            }
        }
        List<Link> links = links(event, errors);
        if (!errors.isEmpty()) {
            return Normalized.invalid(errors);
        }
        if (dedupKey == null) {
            dedupKey = HexFormat.of().formatHex(uuidBytes(ids.get()));
        }
        String service = AlertmanagerNormalizer.firstOf(labels, "component", "group", "source");
        String title = summary == null ? "PagerDuty " + action + " of " + dedupKey : summary;
        String streamKey = StreamKeys.of(SOURCE, integration.integrationId(), dedupKey);
        String status =
                switch (action) {
                    case "trigger" -> SignalReceived.FIRING;
                    case "acknowledge" -> SignalReceived.ACKNOWLEDGED;
                    default -> SignalReceived.RESOLVED;
                };
        var signal = new SignalReceived(
                ids.get().toString(),
                SOURCE,
                streamKey,
                dedupKey,
                status,
                title,
                integration.product(),
                service,
                severity,
                labels,
                Map.of(),
                timestamp,
                null,
                receivedAt,
                withoutCredential(event),
                "integration:" + integration.name(),
                classifier.classify(title, Map.of("alertname", labels.getOrDefault("class", "")), service),
                links,
                List.of());
        return Normalized.of(List.of(signal));
    }

    /** The event as kept on the signals topic (forever, in every backup): without the routing key, a credential. */
    static JsonNode withoutCredential(JsonNode event) {
        if (!event.has("routing_key")) {
            return event;
        }
        ObjectNode kept = event.deepCopy();
        kept.remove("routing_key");
        return kept;
    }

    /** A change event, as a command for the service's stream, or why not. */
    public record Change(RecordChange command, List<FieldError> errors) {}

    /** Reads a PagerDuty change event ({@code POST /v2/change/enqueue}). */
    public static Change change(JsonNode event, Integration integration) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode payload = event.get("payload");
        if (payload == null || !payload.isObject()) {
            return new Change(null, List.of(new FieldError("payload", "is missing or is not an object")));
        }
        String summary = text(payload, "summary");
        if (summary == null || summary.isBlank()) {
            errors.add(new FieldError("payload.summary", "is missing or blank"));
        } else if (summary.length() > MAX_SUMMARY) {
            errors.add(new FieldError("payload.summary", "is too long: at most " + MAX_SUMMARY + " characters"));
        }
        Instant timestamp = timestamp(payload, null, errors);
        JsonNode details = payload.get("custom_details");
        String service = text(details, "service");
        if (service == null || service.isBlank()) {
            service = text(payload, "source");
        }
        if (service == null || service.isBlank()) {
            service = integration.name();
        }
        service = service.replaceAll("[^A-Za-z0-9._-]", "-");
        if (service.length() > 120) {
            service = service.substring(0, 120);
        }
        String kind = text(details, "kind");
        List<Link> links = links(event, errors);
        if (!errors.isEmpty()) {
            return new Change(null, errors);
        }
        String changeId = "chg-" + StableId.of(event.toString());
        return new Change(
                new RecordChange(
                        ServiceCommand.STREAM_PREFIX + service,
                        changeId,
                        integration.product(),
                        service,
                        text(details, "version"),
                        kind != null && RecordChange.KINDS.contains(kind) ? kind : "deploy",
                        summary,
                        links,
                        "integration:" + integration.name(),
                        timestamp,
                        List.of(integration.product())),
                List.of());
    }

    private static List<Link> links(JsonNode event, List<FieldError> errors) {
        List<Link> links = new ArrayList<>();
        String clientUrl = text(event, "client_url");
        if (clientUrl != null && !clientUrl.isBlank()) {
            links.add(new Link("source", clientUrl));
        }
        addLinks(event, "links", "href", "text", links, errors);
        addLinks(event, "images", "src", null, links, errors);
        return links;
    }

    /** PagerDuty's {@code links} ({@code href}, {@code text}) and {@code images} ({@code src}) as links. */
    private static void addLinks(
            JsonNode event,
            String field,
            String urlField,
            String textField,
            List<Link> links,
            List<FieldError> errors) {
        JsonNode given = event.get(field);
        if (given == null || given.isNull()) {
            return;
        }
        if (!given.isArray()) {
            errors.add(new FieldError(field, "must be an array"));
            return;
        }
        given.forEach(item -> {
            String url = text(item, urlField);
            if (url == null || url.isBlank()) {
                errors.add(new FieldError(field + "[]." + urlField, "is missing"));
            } else {
                String rel = textField == null ? "image" : text(item, textField);
                links.add(new Link(rel == null || rel.isBlank() ? "link" : rel, url));
            }
        });
    }

    private static Instant timestamp(JsonNode payload, Instant otherwise, List<FieldError> errors) {
        String time = text(payload, "timestamp");
        if (time == null) {
            return otherwise;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("payload.timestamp", "is not a valid ISO 8601 timestamp"));
            return otherwise;
        }
    }

    private static byte[] uuidBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (msb >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
