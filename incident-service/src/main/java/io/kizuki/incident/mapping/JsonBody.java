package io.kizuki.incident.mapping;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.incident.security.Caller;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.Vocabulary;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;

/**
 * The JSON body of a command request, read and validated field by field: every field at fault is collected and
 * {@link #validate} answers one 400 naming them all. Refuses a body that is not JSON (415), too large (413) or not
 * an object (400) before anything else.
 */
public final class JsonBody {

    /** The largest command body; an incident command is a few hundred bytes. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = WireCodec.newMapper();

    private final JsonNode node;
    private final String path;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private JsonBody(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * @param required whether an empty body is refused (else it reads as {@code {}})
     */
    public static JsonBody parse(byte[] body, MediaType type, String path, boolean required) {
        boolean empty = body == null || body.length == 0;
        if (!empty && type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new ProblemException(Problem.of(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "send the body as application/json",
                    path));
        }
        if (!empty && body.length > MAX_BYTES) {
            throw new ProblemException(Problem.of(
                    413,
                    "payload-too-large",
                    "Payload too large",
                    "a command body is at most " + MAX_BYTES + " bytes",
                    path));
        }
        if (empty) {
            if (required) {
                throw new ProblemException(
                        Problem.of(400, "validation", "Invalid request", "the request has no body", path)
                                .withErrors(List.of(new Problem.FieldError("$", "is required"))));
            }
            return new JsonBody(JsonNodeFactory.instance.objectNode(), path);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of(
                            400,
                            "malformed-json",
                            "Malformed JSON",
                            "the body is not valid JSON: " + e.getOriginalMessage(),
                            path)
                    .withErrors(List.of(new Problem.FieldError("$", "must be valid JSON"))));
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory", e);
        }
        if (!(node instanceof ObjectNode)) {
            throw new ProblemException(
                    Problem.of(400, "validation", "Invalid request", "the body must be an object", path)
                            .withErrors(List.of(new Problem.FieldError("$", "must be a JSON object"))));
        }
        List<String> controls = ControlCharacters.find(node, "");
        if (!controls.isEmpty()) {
            throw new ProblemException(Problem.of(
                            400,
                            "validation",
                            "Invalid request",
                            controls.size()
                                    + " field(s) hold control characters (U+0000 to U+001F other than tab, line feed and carriage "
                                    + "return); nothing was written",
                            path)
                    .withErrors(controls.stream()
                            .limit(100)
                            .map(field -> new Problem.FieldError(field, "must not contain control characters"))
                            .toList()));
        }
        return new JsonBody(node, path);
    }

    /** The body as received. */
    public JsonNode tree() {
        return node;
    }

    public String text(String field, boolean required, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                reject(field, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            reject(field, "must be a non-empty string");
            return null;
        }
        if (value.asText().length() > maxLength) {
            reject(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return value.asText().strip();
    }

    /** Text that may be absent, {@code null} or blank (all read as {@code null}). */
    public String nullableText(String field, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null
                || value.isNull()
                || value.isTextual() && value.asText().isBlank()) {
            return null;
        }
        return text(field, false, maxLength);
    }

    /** A lower-case word from a fixed list. */
    public String oneOf(String field, boolean required, Collection<String> words) {
        String value = text(field, required, 64);
        if (value != null && !words.contains(value.toLowerCase(Locale.ROOT))) {
            reject(field, "must be one of " + String.join(", ", words));
            return null;
        }
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** An enum constant by name, upper or lower case, from the allowed ones. */
    public <E extends Enum<E>> E constant(String field, boolean required, Class<E> type, Collection<E> allowed) {
        String value = text(field, required, 64);
        if (value == null) {
            return null;
        }
        for (E candidate : allowed) {
            if (candidate.name().equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        reject(
                field,
                "must be one of "
                        + String.join(", ", allowed.stream().map(Enum::name).toList()));
        return null;
    }

    public Instant instant(String field) {
        String value = text(field, false, 64);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            reject(field, "must be an RFC 3339 time, e.g. 2026-11-22T03:04:05Z");
            return null;
        }
    }

    public LocalDate date(String field, boolean required) {
        String value = text(field, required, 32);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            reject(field, "must be a date, e.g. 2026-12-31");
            return null;
        }
    }

    /** An object of strings, e.g. labels. */
    public Map<String, String> strings(String field, int maxEntries) {
        JsonNode value = node.get(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject() || value.size() > maxEntries) {
            reject(field, "must be an object of at most " + maxEntries + " strings");
            return map;
        }
        value.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual() || entry.getValue().asText().length() > 1000) {
                reject(field + "." + entry.getKey(), "must be a string of at most 1000 characters");
            } else {
                map.put(entry.getKey(), entry.getValue().asText());
            }
        });
        return map;
    }

    /** Contributing factors: a non-empty array of {@code {"category": …, "text": …}}, categories from a fixed list. */
    public List<ContributingFactor> factors(String field) {
        JsonNode value = node.get(field);
        List<ContributingFactor> factors = new ArrayList<>();
        if (value == null || value.isNull() || !value.isArray() || value.isEmpty() || value.size() > 50) {
            reject(field, "is required: an array of 1 to 50 contributing factors");
            return factors;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonBody factor = new JsonBody(value.get(i), path);
            String category = factor.oneOf("category", true, Vocabulary.FACTOR_CATEGORIES);
            String text = factor.text("text", true, 4_000);
            for (Problem.FieldError error : factor.errors) {
                reject(field + "[" + i + "]." + error.field(), error.detail());
            }
            if (category != null && text != null) {
                factors.add(new ContributingFactor(category, text));
            }
        }
        return factors;
    }

    /** Links: an array of {@code {"rel": …, "href": …}}. */
    public List<Link> links(String field) {
        JsonNode value = node.get(field);
        List<Link> links = new ArrayList<>();
        if (value == null || value.isNull()) {
            return links;
        }
        if (!value.isArray() || value.size() > 20) {
            reject(field, "must be an array of at most 20 links");
            return links;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode link = value.get(i);
            JsonNode href = link.get("href");
            if (href == null
                    || !href.isTextual()
                    || href.asText().isBlank()
                    || href.asText().length() > 2000) {
                reject(field + "[" + i + "].href", "is required: a URL of at most 2000 characters");
            } else {
                JsonNode rel = link.get("rel");
                links.add(new Link(rel != null && rel.isTextual() ? rel.asText() : "link", href.asText()));
            }
        }
        return links;
    }

    /**
     * The {@code product} the caller acts for: the field, else the caller's only product (a field at fault when it has
     * several).
     */
    public String product(Caller caller) {
        String product = text("product", false, 64);
        if (product == null) {
            product = caller.onlyProduct();
            if (product == null) {
                reject("product", "is required: the caller has several products");
            }
        }
        return product;
    }

    /** Refuses (403, naming {@code product}) a product the caller may not act for. */
    public static void requireProduct(Caller caller, String product, String what, String path) {
        if (!caller.mayAccess(product)) {
            throw new ProblemException(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "the caller may not " + what + " of product " + product,
                            path)
                    .withErrors(List.of(new Problem.FieldError("product", "is not one of the caller's products"))));
        }
    }

    /** The fields at fault so far. */
    public List<Problem.FieldError> errors() {
        return List.copyOf(errors);
    }

    public void reject(String field, String detail) {
        errors.add(new Problem.FieldError(field, detail));
    }

    /** Answers 400 naming every field at fault, if any; nothing is written. */
    public void validate(String title) {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "validation", title, "nothing was changed", path)
                    .withErrors(List.copyOf(errors)));
        }
    }
}
