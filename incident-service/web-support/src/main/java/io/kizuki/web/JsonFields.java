package io.kizuki.web;

import java.util.List;

import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JSON request body read field by field, so that every wrong field is named (RFC 9457 {@code errors[].field}):
 * the object itself, and optional texts from outside checked for length and control characters.
 */
public final class JsonFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFields() {}

    /**
     * The body as a JSON object.
     *
     * @param fields what the object holds, for the error ({@code from, until, to, reason})
     * @throws ProblemException 400 naming {@code $} when it is absent, not JSON, or not an object
     */
    public static JsonNode object(String body, String fields, UriInfo uri) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw Problem.invalidField("$", "must be a JSON object: " + fields, uri);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw Problem.invalidField("$", "is not JSON: " + e.getOriginalMessage(), uri);
        }
    }

    /**
     * An optional text field: null when absent; otherwise 1 to {@code max} characters without control characters,
     * else null and an error naming the field.
     */
    public static String text(JsonNode request, String field, int max, List<Problem.FieldError> errors) {
        JsonNode node = request.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.asText();
        if (!node.isTextual() || text.isBlank() || text.length() > max) {
            errors.add(new Problem.FieldError(field, "must be a text of 1 to " + max + " characters"));
            return null;
        }
        if (hasControlCharacters(text)) {
            errors.add(new Problem.FieldError(field, "must not hold control characters"));
            return null;
        }
        return text;
    }

    /** Whether a text holds a control character (C0, DEL, C1). */
    public static boolean hasControlCharacters(String text) {
        return text.codePoints().anyMatch(Character::isISOControl);
    }
}
