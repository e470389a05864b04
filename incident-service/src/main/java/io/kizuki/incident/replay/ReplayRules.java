package io.kizuki.incident.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.incident.mapping.Classifier;
import io.kizuki.incident.mapping.StreamKeys;
import io.kizuki.incident.silence.Silence;
import io.kizuki.incident.silence.SilenceFields;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.JsonFields;
import io.kizuki.web.Problem;

/**
 * Draft detection rules a replay tries on recorded signals; each one left out keeps today's:
 * <ul>
 * <li>{@code grouping.by}: the labels (or {@code service}) whose values make a dedup stream, within a product, instead
 * of each source's own grouping (Alertmanager's group, a PagerDuty dedup key …);</li>
 * <li>{@code classification}: the pattern of a class ({@code service-down}, {@code latency}, {@code error-rate},
 * {@code saturation}) instead of the configured one;</li>
 * <li>{@code severity}: the severity a value of a label maps to ({@code {"label": "severity", "map": {"warning":
 * "SEV2"}}});</li>
 * <li>{@code silences}: more silences, each a window, a service and labels, as {@code POST /api/v1/silences} takes
 * them (the recorded silences stay).</li>
 * </ul>
 * A signal is rewritten by the rules and then detected by the very decider production runs.
 */
public final class ReplayRules {

    /** The pseudo-label that stands for a signal's service in {@code grouping.by}. */
    static final String SERVICE = "service";

    private static final int MAX_TEXT = 500;
    private static final int MAX_ITEMS = 50;
    private static final Set<String> FIELDS = Set.of("grouping", "classification", "severity", "silences");

    private final List<String> groupBy;
    private final Classifier classifier;
    private final String severityLabel;
    private final Map<String, Severity> severities;
    private final List<Silence> silences;

    private ReplayRules(
            List<String> groupBy,
            Classifier classifier,
            String severityLabel,
            Map<String, Severity> severities,
            List<Silence> silences) {
        this.groupBy = groupBy;
        this.classifier = classifier;
        this.severityLabel = severityLabel;
        this.severities = severities;
        this.silences = silences;
    }

    /** No draft rule: today's rules, the replay's check of itself. */
    public static final ReplayRules TODAY = new ReplayRules(List.of(), null, null, Map.of(), List.of());

    /**
     * Reads draft rules, naming each wrong one in {@code errors} ({@code rules.classification.latency} for a pattern
     * that does not compile).
     *
     * @param product the product the replay is limited to, or {@code null}: the product of the draft silences
     * @param now     for the ids of draft silences, never written anywhere
     */
    public static ReplayRules parse(
            JsonNode rules,
            String product,
            IncidentServiceConfig.Classification today,
            Instant now,
            List<Problem.FieldError> errors) {
        if (rules.isMissingNode() || rules.isNull()) {
            return TODAY;
        }
        if (!rules.isObject()) {
            errors.add(new Problem.FieldError("rules", "must be an object: " + String.join(", ", FIELDS)));
            return TODAY;
        }
        rules.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(new Problem.FieldError("rules." + field, "is not a rule: " + String.join(", ", FIELDS)));
            }
        });
        return new ReplayRules(
                groupBy(rules.path("grouping"), errors),
                classifier(rules.path("classification"), today, errors),
                severityLabel(rules.path("severity"), errors),
                severities(rules.path("severity").path("map"), rules.has("severity"), errors),
                silences(rules.path("silences"), product, now, errors));
    }

    /** The signal as the draft rules would have received it. */
    SignalReceived rewrite(SignalReceived s) {
        Map<String, String> labels = labels(s);
        String dedupKey = groupBy.isEmpty() ? s.dedupKey() : StreamKeys.of("replay", s.product(), groupKey(s));
        String signalClass = classifier == null ? s.signalClass() : classifier.classify(s.title(), labels, s.service());
        String value = severityLabel == null ? null : labels.get(severityLabel);
        Severity severity = value == null ? s.severity() : severities.getOrDefault(value, s.severity());
        SignalReceived rewritten = new SignalReceived(
                s.signalId(),
                s.source(),
                dedupKey,
                s.fingerprint(),
                s.status(),
                s.title(),
                s.product(),
                s.service(),
                severity,
                s.labels(),
                s.annotations(),
                s.startsAt(),
                s.endsAt(),
                s.receivedAt(),
                s.original(),
                s.integration(),
                signalClass,
                s.links(),
                s.warnings(),
                s.silencedBy());
        if (silences.isEmpty() || rewritten.silencedBy() != null) {
            return rewritten;
        }
        return Silence.matching(silences, rewritten)
                .map(silence -> rewritten.withSilence(silence.silenceId()))
                .orElse(rewritten);
    }

    private String groupKey(SignalReceived signal) {
        Map<String, String> labels = labels(signal);
        return groupBy.stream()
                .map(name -> name + "=" + (SERVICE.equals(name) ? signal.service() : labels.getOrDefault(name, "")))
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, String> labels(SignalReceived signal) {
        return signal.labels() == null ? Map.of() : signal.labels();
    }

    private static List<String> groupBy(JsonNode grouping, List<Problem.FieldError> errors) {
        if (grouping.isMissingNode() || grouping.isNull()) {
            return List.of();
        }
        JsonNode by = grouping.path("by");
        if (!by.isArray() || by.isEmpty() || by.size() > 20) {
            errors.add(new Problem.FieldError("rules.grouping.by", "must list 1 to 20 label names (or service)"));
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < by.size(); i++) {
            String name = by.get(i).asText("");
            if (!by.get(i).isTextual() || !SilenceFields.isLabel(name)) {
                errors.add(new Problem.FieldError("rules.grouping.by[" + i + "]", "must be a label name"));
            } else {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static Classifier classifier(
            JsonNode classification, IncidentServiceConfig.Classification today, List<Problem.FieldError> errors) {
        if (classification.isMissingNode() || classification.isNull()) {
            return null;
        }
        if (!classification.isObject()) {
            errors.add(new Problem.FieldError("rules.classification", "must map classes to patterns: " + patterned()));
            return null;
        }
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put(Classifier.SERVICE_DOWN, today.serviceDown());
        patterns.put(Classifier.LATENCY, today.latency());
        patterns.put(Classifier.ERROR_RATE, today.errorRate());
        patterns.put(Classifier.SATURATION, today.saturation());
        classification.properties().forEach(entry -> {
            String field = "rules.classification." + entry.getKey();
            String pattern = entry.getValue().asText("");
            if (!patterns.containsKey(entry.getKey())) {
                errors.add(new Problem.FieldError(field, "is not a class with a pattern: " + patterned()));
            } else if (!entry.getValue().isTextual() || pattern.isEmpty() || pattern.length() > MAX_TEXT) {
                errors.add(new Problem.FieldError(field, "must be a regular expression of 1 to 500 characters"));
            } else {
                try {
                    Pattern.compile(pattern);
                    patterns.put(entry.getKey(), pattern);
                } catch (PatternSyntaxException e) {
                    errors.add(new Problem.FieldError(
                            field, "does not compile: " + e.getDescription() + " at index " + e.getIndex()));
                }
            }
        });
        return new Classifier(
                patterns.get(Classifier.SERVICE_DOWN),
                patterns.get(Classifier.LATENCY),
                patterns.get(Classifier.ERROR_RATE),
                patterns.get(Classifier.SATURATION));
    }

    private static String patterned() {
        return String.join(", ", Classifier.CLASSES.subList(0, Classifier.CLASSES.size() - 1));
    }

    private static String severityLabel(JsonNode severity, List<Problem.FieldError> errors) {
        if (severity.isMissingNode() || severity.isNull()) {
            return null;
        }
        String label = severity.path("label").asText("");
        if (!SilenceFields.isLabel(label)) {
            errors.add(new Problem.FieldError("rules.severity.label", "must be a label name, e.g. severity"));
            return null;
        }
        return label;
    }

    private static Map<String, Severity> severities(JsonNode map, boolean given, List<Problem.FieldError> errors) {
        if (!given) {
            return Map.of();
        }
        if (!map.isObject() || map.isEmpty() || map.size() > MAX_ITEMS) {
            errors.add(new Problem.FieldError(
                    "rules.severity.map", "must map 1 to 50 label values to SEV1, SEV2, SEV3 or SEV4"));
            return Map.of();
        }
        Map<String, Severity> severities = new LinkedHashMap<>();
        map.properties().forEach(entry -> {
            try {
                severities.put(
                        entry.getKey(),
                        Severity.valueOf(entry.getValue().asText("").toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(
                        "rules.severity.map." + entry.getKey(), "must be SEV1, SEV2, SEV3 or SEV4"));
            }
        });
        return Map.copyOf(severities);
    }

    private static List<Silence> silences(
            JsonNode silences, String product, Instant now, List<Problem.FieldError> errors) {
        if (silences.isMissingNode() || silences.isNull()) {
            return List.of();
        }
        if (!silences.isArray() || silences.size() > MAX_ITEMS) {
            errors.add(new Problem.FieldError("rules.silences", "must be a list of at most 50 silences"));
            return List.of();
        }
        if (product == null && !silences.isEmpty()) {
            errors.add(new Problem.FieldError("rules.silences", "need the replay's product: a silence is a product's"));
            return List.of();
        }
        List<Silence> drafted = new ArrayList<>();
        for (int i = 0; i < silences.size(); i++) {
            String field = "rules.silences[" + i + "]";
            JsonNode silence = silences.get(i);
            if (!silence.isObject()) {
                errors.add(new Problem.FieldError(field, "must be an object: service, labels, startsAt, endsAt"));
                continue;
            }
            List<Problem.FieldError> own = new ArrayList<>();
            String service = JsonFields.text(silence, "service", MAX_TEXT, own);
            Map<String, String> labels = SilenceFields.labels(silence.path("labels"), own);
            Instant startsAt = SilenceFields.instant(silence, "startsAt", own);
            Instant endsAt = SilenceFields.instant(silence, "endsAt", own);
            if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
                own.add(new Problem.FieldError("endsAt", "must be after startsAt"));
            }
            own.forEach(error -> errors.add(new Problem.FieldError(field + "." + error.field(), error.detail())));
            if (own.isEmpty()) {
                drafted.add(new Silence(
                        "draft-" + (i + 1),
                        product,
                        service,
                        labels,
                        startsAt,
                        endsAt,
                        "draft",
                        null,
                        now,
                        null,
                        null));
            }
        }
        return List.copyOf(drafted);
    }

    /** The longest window a replay reads. */
    public static final Duration MAX_WINDOW = Duration.ofDays(92);
    /** The window a replay reads when none is given: the last 30 days. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
}
