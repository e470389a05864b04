package io.kizuki.incident.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.kizuki.incident.config.IncidentServiceConfig;

/**
 * Classifies a signal as {@code service-down}, {@code latency}, {@code error-rate}, {@code saturation} or
 * {@code other}: an explicit {@code class} label wins; else the first class whose pattern is found in the title, the
 * {@code alertname} label or the service.
 */
public final class Classifier {

    public static final String SERVICE_DOWN = "service-down";
    public static final String LATENCY = "latency";
    public static final String ERROR_RATE = "error-rate";
    public static final String SATURATION = "saturation";
    public static final String OTHER = "other";
    public static final List<String> CLASSES = List.of(SERVICE_DOWN, LATENCY, ERROR_RATE, SATURATION, OTHER);
    /** The label a producer may set to choose the class itself. */
    public static final String CLASS_LABEL = "class";

    private final Map<String, Pattern> rules = new LinkedHashMap<>();

    public Classifier(String serviceDown, String latency, String errorRate, String saturation) {
        rules.put(SERVICE_DOWN, compile(serviceDown));
        rules.put(LATENCY, compile(latency));
        rules.put(ERROR_RATE, compile(errorRate));
        rules.put(SATURATION, compile(saturation));
    }

    public static Classifier of(IncidentServiceConfig.Classification config) {
        return new Classifier(config.serviceDown(), config.latency(), config.errorRate(), config.saturation());
    }

    public String classify(String title, Map<String, String> labels, String service) {
        String explicit = labels.get(CLASS_LABEL);
        if (explicit != null && CLASSES.contains(explicit.toLowerCase(Locale.ROOT))) {
            return explicit.toLowerCase(Locale.ROOT);
        }
        String text = String.join("\n", nonNull(title), nonNull(labels.get("alertname")), nonNull(service));
        return rules.entrySet().stream()
                .filter(rule -> rule.getValue().matcher(text).find())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(OTHER);
    }

    private static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
