package io.kizuki.incident.mapping;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.incident.security.Caller;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem.FieldError;

/**
 * Validates an Alertmanager webhook (version 4) and turns each alert into a {@link SignalReceived}, reading the body as
 * a stream, one alert at a time, so that a notification of tens of thousands of alerts is never held as a tree.
 * <p>
 * It reads the body twice: {@link #scan} validates every alert and finds {@code groupKey} (Alertmanager writes it
 * after the alerts) without keeping anything; {@link #signals} then hands out the signals one by one, for the caller to
 * write in batches. Nothing is written unless the whole webhook is valid.
 * <p>
 * The dedup key is derived from the webhook's {@code groupKey} (as Alertmanager's own PagerDuty integration does),
 * so both members of an HA pair map a notification to the same stream; an alert is identified in its group by its
 * {@code fingerprint}. Each alert belongs to a product: its {@code product} label, which must be one the caller may
 * push for, or else the caller's only product. The product is part of the dedup key, so products never share an
 * incident.
 */
public final class AlertmanagerNormalizer implements SignalNormalizer<AlertmanagerNormalizer.Scanned> {

    public static final String SOURCE = "alertmanager";

    /**
     * A producer that speaks the Alertmanager webhook: Alertmanager itself (version 4), or Grafana alerting (version 1,
     * the same alerts plus dashboard, panel, silence and image URLs).
     */
    public enum Flavor {
        ALERTMANAGER("alertmanager", "4", "Alertmanager webhook version 4"),
        GRAFANA("grafana", "1", "Grafana alerting webhook version 1");

        final String source;
        final String version;
        final String description;

        Flavor(String source, String version, String description) {
            this.source = source;
            this.version = version;
            this.description = description;
        }

        public String source() {
            return source;
        }

        public String description() {
            return description;
        }
    }

    /** Grafana's per-alert URLs, kept as links: field → rel. */
    private static final List<Map.Entry<String, String>> GRAFANA_LINKS = List.of(
            Map.entry("dashboardURL", "dashboard"),
            Map.entry("panelURL", "panel"),
            Map.entry("silenceURL", "silence"),
            Map.entry("imageURL", "image"));
    /** At most this many fields at fault are listed in a 400; the rest are counted. */
    public static final int MAX_LISTED_ERRORS = 100;
    /** Alertmanager's way of saying "no end time". */
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final ObjectMapper mapper;
    private final Classifier classifier;
    private final Flavor flavor;

    public AlertmanagerNormalizer(ObjectMapper mapper, Classifier classifier, Flavor flavor) {
        this.mapper = mapper;
        this.classifier = classifier;
        this.flavor = flavor;
    }

    public Flavor flavor() {
        return flavor;
    }

    /**
     * What the first reading found: the webhook's header fields and how many alerts it holds, or what is wrong with it.
     *
     * @param unlistedErrors how many more fields were at fault than {@code errors} lists
     */
    public record Scan(
            int alerts,
            String groupKey,
            long truncatedAlerts,
            String externalUrl,
            List<FieldError> errors,
            List<FieldError> forbidden,
            int unlistedErrors) {

        public boolean valid() {
            return errors.isEmpty() && forbidden.isEmpty();
        }
    }

    /** A small webhook after its first reading: what the reading found, and the alerts it kept. */
    public record Scanned(Scan scan, Kept kept) {}

    @Override
    public String source() {
        return flavor.source;
    }

    /** The signals of a small webhook's alerts as its {@link #scan} kept them, or what the scan found at fault. */
    @Override
    public Normalized normalize(Scanned scanned, Sender sender) {
        Scan scan = scanned.scan();
        if (!scan.valid()) {
            return new Normalized(List.of(), scan.errors(), scan.forbidden(), scan.unlistedErrors());
        }
        List<SignalReceived> signals = new ArrayList<>(scan.alerts());
        signals(scanned.kept(), scan, sender, signals::add);
        return Normalized.of(signals);
    }

    /**
     * Validates the whole webhook. For a body small enough to hold, it keeps what it read in {@code kept} (else
     * {@code null}), so that {@link #normalize} need not read it again.
     *
     * @throws IOException when the body is not well-formed JSON
     */
    public Scan scan(byte[] body, Set<String> allowedProducts, Kept kept) throws IOException {
        var errors = new Faults();
        var forbidden = new Faults();
        var header = read(
                body,
                (index, alert) -> {
                    Parsed parsed = parse(alert, "alerts[" + index + "]", allowedProducts, errors, forbidden);
                    if (kept != null && parsed != null) {
                        kept.alerts.add(alert);
                        kept.parsed.add(parsed);
                    }
                },
                errors);
        if (header.version == null || !flavor.version.equals(header.version)) {
            errors.add(new FieldError("version", "must be \"" + flavor.version + "\" (" + flavor.description + ")"));
        }
        if (header.groupKey == null || header.groupKey.isBlank()) {
            errors.add(new FieldError("groupKey", "must be a non-empty string"));
        }
        if (header.alerts == 0 && !header.alertsMalformed) {
            errors.add(new FieldError("alerts", "must be a non-empty array"));
        }
        return new Scan(
                header.alerts,
                header.groupKey,
                header.truncatedAlerts,
                header.externalUrl,
                errors.listed(),
                forbidden.listed(),
                errors.unlisted() + forbidden.unlisted());
    }

    /** Reads the webhook again and hands out its signals in order. Call only after a valid {@link #scan}. */
    public void signals(byte[] body, Scan scan, Sender caller, Consumer<SignalReceived> sink) throws IOException {
        List<String> warnings = warnings(scan);
        var unexpected = new Faults();
        read(
                body,
                (index, alert) -> {
                    Parsed parsed =
                            parse(alert, "alerts[" + index + "]", caller.allowedProducts(), unexpected, unexpected);
                    if (parsed == null) {
                        throw new IllegalStateException(
                                "alert " + index + " passed the scan but not the second reading");
                    }
                    sink.accept(signal(parsed, alert, scan, caller, warnings));
                },
                unexpected);
    }

    /** The signals of the alerts a {@link #scan} kept, in order. */
    private void signals(Kept kept, Scan scan, Sender caller, Consumer<SignalReceived> sink) {
        List<String> warnings = warnings(scan);
        for (int i = 0; i < kept.alerts.size(); i++) {
            sink.accept(signal(kept.parsed.get(i), kept.alerts.get(i), scan, caller, warnings));
        }
    }

    /** The alerts of a small webhook as the first reading found them. */
    public static final class Kept {
        private final List<JsonNode> alerts = new ArrayList<>();
        private final List<Parsed> parsed = new ArrayList<>();
    }

    private static List<String> warnings(Scan scan) {
        return scan.truncatedAlerts() > 0
                ? List.of("Alertmanager left out " + scan.truncatedAlerts() + " alerts of this group (its max_alerts "
                        + "setting); they are not in Kizuki")
                : List.of();
    }

    /** One alert, validated. */
    private record Parsed(
            String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String fingerprint,
            String generatorUrl,
            String product) {}

    private SignalReceived signal(Parsed alert, JsonNode original, Scan scan, Sender caller, List<String> warnings) {
        String dedupKey = StreamKeys.of(flavor.source, alert.product(), scan.groupKey());
        String fingerprint = alert.fingerprint() == null
                ? StreamKeys.sha256(new TreeMap<>(alert.labels()).toString()).substring(0, 16)
                : alert.fingerprint();
        Map<String, String> labels = alert.labels();
        Map<String, String> annotations = alert.annotations();
        String title = annotations.getOrDefault("summary", labels.getOrDefault("alertname", "Alert " + fingerprint));
        String service = firstOf(labels, "service", "job", "app", "namespace");
        List<Link> links = new ArrayList<>();
        if (alert.generatorUrl() != null) {
            links.add(new Link("source", alert.generatorUrl()));
        }
        addLink(links, "runbook", annotations, "runbook_url", "runbook");
        addLink(links, "dashboard", annotations, "dashboard_url", "dashboard");
        if (flavor == Flavor.GRAFANA) {
            GRAFANA_LINKS.forEach(link -> {
                String url = text(original, link.getKey());
                if (url != null && !url.isBlank()) {
                    links.add(new Link(link.getValue(), url));
                }
            });
        }
        if (scan.externalUrl() != null && !scan.externalUrl().isBlank()) {
            links.add(new Link(flavor == Flavor.GRAFANA ? "grafana" : "alertmanager", scan.externalUrl()));
        }
        return new SignalReceived(
                caller.ids().get().toString(),
                flavor.source,
                dedupKey,
                fingerprint,
                alert.status(),
                title,
                alert.product(),
                service,
                Severity.fromLabel(labels.get("severity")),
                labels,
                annotations,
                alert.startsAt(),
                ZERO_TIME.equals(alert.endsAt()) ? null : alert.endsAt(),
                caller.receivedAt(),
                original,
                caller.integration(),
                classifier.classify(title, labels, service),
                links,
                warnings);
    }

    private static void addLink(List<Link> links, String rel, Map<String, String> annotations, String... names) {
        for (String name : names) {
            String value = annotations.get(name);
            if (value != null && !value.isBlank()) {
                links.add(new Link(rel, value));
                return;
            }
        }
    }

    /** The top-level fields of a webhook, and how many alerts it holds. */
    private static final class Header {
        String version;
        String groupKey;
        String externalUrl;
        long truncatedAlerts;
        int alerts;
        boolean alertsMalformed;
    }

    private interface AlertVisitor {
        void visit(int index, JsonNode alert);
    }

    /** Streams through the body: the top-level fields into a header, each element of {@code alerts} to the visitor. */
    private Header read(byte[] body, AlertVisitor visitor, Faults errors) throws IOException {
        var header = new Header();
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                errors.add(new FieldError("$", "must be a JSON object"));
                header.alertsMalformed = true;
                return header;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "version" -> header.version = token.isScalarValue() ? parser.getValueAsString() : null;
                    case "groupKey" ->
                        header.groupKey =
                                token == JsonToken.VALUE_STRING ? ControlCharacters.strip(parser.getText()) : null;
                    case "externalURL" ->
                        header.externalUrl =
                                token == JsonToken.VALUE_STRING ? ControlCharacters.strip(parser.getText()) : null;
                    case "truncatedAlerts" ->
                        header.truncatedAlerts =
                                token == JsonToken.VALUE_NUMBER_INT ? Math.max(0, parser.getLongValue()) : 0;
                    case "alerts" -> {
                        if (token != JsonToken.START_ARRAY) {
                            errors.add(new FieldError("alerts", "must be a non-empty array"));
                            header.alertsMalformed = true;
                            parser.skipChildren();
                        } else {
                            while (parser.nextToken() != JsonToken.END_ARRAY) {
                                visitor.visit(header.alerts++, ControlCharacters.stripTree(mapper.readTree(parser)));
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected content after the object");
            }
        }
        return header;
    }

    private static Parsed parse(
            JsonNode alert, String path, Set<String> allowedProducts, Faults errors, Faults forbidden) {
        if (alert == null || !alert.isObject()) {
            errors.add(new FieldError(path, "must be a JSON object"));
            return null;
        }
        int before = errors.count();
        String status = text(alert, "status");
        if (!SignalReceived.FIRING.equals(status) && !SignalReceived.RESOLVED.equals(status)) {
            errors.add(new FieldError(path + ".status", "must be \"firing\" or \"resolved\""));
        }
        Map<String, String> labels = stringMap(alert.get("labels"), path + ".labels", true, errors);
        Map<String, String> annotations = stringMap(alert.get("annotations"), path + ".annotations", false, errors);
        Instant startsAt = time(alert, "startsAt", path, true, errors);
        Instant endsAt = time(alert, "endsAt", path, false, errors);
        JsonNode fingerprintNode = alert.get("fingerprint");
        if (fingerprintNode != null
                && !fingerprintNode.isNull()
                && (!fingerprintNode.isTextual() || fingerprintNode.asText().isBlank())) {
            errors.add(new FieldError(path + ".fingerprint", "must be a non-empty string when present"));
        }
        if (errors.count() > before) {
            return null;
        }
        String product = product(labels.get("product"), allowedProducts, path + ".labels.product", errors, forbidden);
        if (product == null) {
            return null;
        }
        String generatorUrl = text(alert, "generatorURL");
        return new Parsed(
                status,
                labels,
                annotations,
                startsAt,
                endsAt,
                fingerprintNode == null || fingerprintNode.isNull() ? null : fingerprintNode.asText(),
                generatorUrl == null || generatorUrl.isBlank() ? null : generatorUrl,
                product);
    }

    private static String product(
            String requested, Set<String> allowed, String field, Faults errors, Faults forbidden) {
        if (allowed.isEmpty()) {
            forbidden.add(new FieldError(field, "the caller is bound to no product"));
            return null;
        }
        if (requested == null || requested.isBlank()) {
            List<String> own =
                    allowed.stream().filter(p -> !p.equals(Caller.ALL_PRODUCTS)).toList();
            if (own.size() == 1 && !allowed.contains(Caller.ALL_PRODUCTS)) {
                return own.get(0);
            }
            errors.add(new FieldError(field, "is required: the caller may push signals for several products"));
            return null;
        }
        if (!allowed.contains(Caller.ALL_PRODUCTS) && !allowed.contains(requested)) {
            forbidden.add(new FieldError(field, "the caller may not push signals for product " + requested));
            return null;
        }
        return requested;
    }

    /** The first of the named labels that has a value, else {@code unknown}. */
    static String firstOf(Map<String, String> labels, String... names) {
        for (String name : names) {
            String value = labels.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "unknown";
    }

    private static Map<String, String> stringMap(JsonNode node, String path, boolean required, Faults errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return Map.of();
        }
        if (!node.isObject() || (required && node.isEmpty())) {
            errors.add(new FieldError(path, required ? "must be a non-empty object of strings" : "must be an object"));
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isTextual()) {
                errors.add(new FieldError(path + "." + field.getKey(), "must be a string"));
            } else {
                map.put(field.getKey(), field.getValue().asText());
            }
        }
        return map;
    }

    private static Instant time(JsonNode alert, String name, String path, boolean required, Faults errors) {
        String value = text(alert, name);
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(path + "." + name, "is required (RFC 3339 time)"));
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(path + "." + name, "must be an RFC 3339 time"));
            return null;
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    /** Fields at fault: the first {@link #MAX_LISTED_ERRORS} listed, the rest only counted. */
    static final class Faults {
        private final List<FieldError> listed = new ArrayList<>();
        private int count;

        void add(FieldError error) {
            if (listed.size() < MAX_LISTED_ERRORS) {
                listed.add(error);
            }
            count++;
        }

        int count() {
            return count;
        }

        List<FieldError> listed() {
            return List.copyOf(listed);
        }

        int unlisted() {
            return count - listed.size();
        }
    }
}
