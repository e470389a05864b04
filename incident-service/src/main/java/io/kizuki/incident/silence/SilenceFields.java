package io.kizuki.incident.silence;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.web.JsonFields;
import io.kizuki.web.Problem;

/** The fields of a silence as requests give them (a silence made, or drafted for a replay), each wrong one named. */
public final class SilenceFields {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
    /** The longest text a silence holds. */
    public static final int MAX_TEXT = 500;

    private SilenceFields() {}

    /** Whether a text is a label name. */
    public static boolean isLabel(String name) {
        return LABEL.matcher(name).matches();
    }

    /** The labels a silence matches: at most 20, each a label name and a text value without control characters. */
    public static Map<String, String> labels(JsonNode labels, List<Problem.FieldError> errors) {
        Map<String, String> matched = new LinkedHashMap<>();
        if (labels.isMissingNode() || labels.isNull()) {
            return matched;
        }
        if (!labels.isObject() || labels.size() > 20) {
            errors.add(new Problem.FieldError("labels", "must be an object of at most 20 labels and their values"));
            return matched;
        }
        labels.properties().forEach(label -> {
            String value = label.getValue().asText("");
            if (!isLabel(label.getKey())
                    || !label.getValue().isTextual()
                    || value.isEmpty()
                    || value.length() > MAX_TEXT
                    || JsonFields.hasControlCharacters(value)) {
                errors.add(new Problem.FieldError(
                        "labels." + label.getKey(),
                        "must be a label name and a text value without control characters"));
            } else {
                matched.put(label.getKey(), value);
            }
        });
        return matched;
    }

    /** A required instant. */
    public static Instant instant(JsonNode request, String field, List<Problem.FieldError> errors) {
        try {
            return Instant.parse(request.path(field).asText(""));
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "is required: an ISO-8601 instant, e.g. 2026-12-06T02:00:00Z"));
            return null;
        }
    }
}
