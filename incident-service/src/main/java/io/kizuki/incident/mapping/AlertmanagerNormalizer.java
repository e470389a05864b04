package io.kizuki.incident.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.incident.rest.Problem.FieldError;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.SignalReceived;

/**
 * Validates an Alertmanager webhook (version 4) and turns each alert into a {@link SignalReceived}.
 * The dedup key is derived from the webhook's {@code groupKey} (as Alertmanager's own PagerDuty integration does),
 * so both members of an HA pair map a notification to the same stream; an alert is identified in its group by its
 * {@code fingerprint}. Each alert belongs to a product: its {@code product} label, which must be one the caller may
 * push for, or else the caller's only product. The product is part of the dedup key, so products never share an
 * incident.
 */
public final class AlertmanagerNormalizer {

    public static final String SOURCE = "alertmanager";
    /** Alertmanager's way of saying "no end time". */
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final int MAX_ALERTS = 1000;
    private static final String ALL_PRODUCTS = "*";

    private AlertmanagerNormalizer() {
    }

    /** The outcome: either signals, or the fields at fault, or the products the caller may not push for. */
    public record Result(List<SignalReceived> signals, List<FieldError> errors, List<FieldError> forbidden) {

        static Result rejected(List<FieldError> errors, List<FieldError> forbidden) {
            return new Result(List.of(), List.copyOf(errors), List.copyOf(forbidden));
        }
    }

    /**
     * @param allowedProducts the products the caller may push signals for ({@code *}: any)
     */
    public static Result normalize(JsonNode body, Instant receivedAt, Supplier<UUID> ids,
            Set<String> allowedProducts) {
        List<FieldError> errors = new ArrayList<>();
        List<FieldError> forbidden = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return Result.rejected(List.of(new FieldError("$", "must be a JSON object")), List.of());
        }
        JsonNode version = body.get("version");
        if (version == null || !"4".equals(version.asText())) {
            errors.add(new FieldError("version", "must be \"4\" (Alertmanager webhook version 4)"));
        }
        String groupKey = text(body, "groupKey");
        if (groupKey == null || groupKey.isBlank()) {
            errors.add(new FieldError("groupKey", "must be a non-empty string"));
        }
        JsonNode alerts = body.get("alerts");
        if (alerts == null || !alerts.isArray() || alerts.isEmpty()) {
            errors.add(new FieldError("alerts", "must be a non-empty array"));
        } else if (alerts.size() > MAX_ALERTS) {
            errors.add(new FieldError("alerts", "must hold at most " + MAX_ALERTS + " alerts"));
        }
        if (alerts == null || !alerts.isArray()) {
            return Result.rejected(errors, forbidden);
        }
        List<SignalReceived> signals = new ArrayList<>();
        for (int i = 0; i < Math.min(alerts.size(), MAX_ALERTS); i++) {
            SignalReceived signal = alert(alerts.get(i), "alerts[" + i + "]", groupKey, receivedAt, ids,
                    allowedProducts, errors, forbidden);
            if (signal != null) {
                signals.add(signal);
            }
        }
        return errors.isEmpty() && forbidden.isEmpty() ? new Result(signals, List.of(), List.of())
                : Result.rejected(errors, forbidden);
    }

    private static SignalReceived alert(JsonNode alert, String path, String groupKey, Instant receivedAt,
            Supplier<UUID> ids, Set<String> allowedProducts, List<FieldError> errors, List<FieldError> forbidden) {
        if (!alert.isObject()) {
            errors.add(new FieldError(path, "must be a JSON object"));
            return null;
        }
        int before = errors.size();
        String status = text(alert, "status");
        if (!SignalReceived.FIRING.equals(status) && !SignalReceived.RESOLVED.equals(status)) {
            errors.add(new FieldError(path + ".status", "must be \"firing\" or \"resolved\""));
        }
        Map<String, String> labels = stringMap(alert.get("labels"), path + ".labels", true, errors);
        Map<String, String> annotations = stringMap(alert.get("annotations"), path + ".annotations", false, errors);
        Instant startsAt = time(alert, "startsAt", path, true, errors);
        Instant endsAt = time(alert, "endsAt", path, false, errors);
        JsonNode fingerprintNode = alert.get("fingerprint");
        if (fingerprintNode != null && !fingerprintNode.isNull()
                && (!fingerprintNode.isTextual() || fingerprintNode.asText().isBlank())) {
            errors.add(new FieldError(path + ".fingerprint", "must be a non-empty string when present"));
        }
        if (errors.size() > before) {
            return null;
        }
        String product = product(labels.get("product"), allowedProducts, path + ".labels.product", errors, forbidden);
        if (product == null || groupKey == null) {
            return null;
        }
        String dedupKey = SOURCE + ":" + sha256(product + "\n" + groupKey).substring(0, 32);
        String fingerprint = fingerprintNode == null || fingerprintNode.isNull()
                ? sha256(new TreeMap<>(labels).toString()).substring(0, 16)
                : fingerprintNode.asText();
        String title = annotations.getOrDefault("summary", labels.getOrDefault("alertname", "Alert " + fingerprint));
        String service = firstOf(labels, "service", "job", "app", "namespace");
        return new SignalReceived(ids.get().toString(), SOURCE, dedupKey, fingerprint, status, title, product,
                service, Severity.fromLabel(labels.get("severity")), labels, annotations, startsAt,
                ZERO_TIME.equals(endsAt) ? null : endsAt, receivedAt, alert);
    }

    private static String product(String requested, Set<String> allowed, String field, List<FieldError> errors,
            List<FieldError> forbidden) {
        if (allowed.isEmpty()) {
            forbidden.add(new FieldError(field, "the caller is bound to no product"));
            return null;
        }
        if (requested == null || requested.isBlank()) {
            List<String> own = allowed.stream().filter(p -> !p.equals(ALL_PRODUCTS)).toList();
            if (own.size() == 1 && !allowed.contains(ALL_PRODUCTS)) {
                return own.get(0);
            }
            errors.add(new FieldError(field, "is required: the caller may push signals for several products"));
            return null;
        }
        if (!allowed.contains(ALL_PRODUCTS) && !allowed.contains(requested)) {
            forbidden.add(new FieldError(field, "the caller may not push signals for product " + requested));
            return null;
        }
        return requested;
    }

    private static String firstOf(Map<String, String> labels, String... names) {
        for (String name : names) {
            String value = labels.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "unknown";
    }

    private static Map<String, String> stringMap(JsonNode node, String path, boolean required,
            List<FieldError> errors) {
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

    private static Instant time(JsonNode alert, String name, String path, boolean required, List<FieldError> errors) {
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

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
