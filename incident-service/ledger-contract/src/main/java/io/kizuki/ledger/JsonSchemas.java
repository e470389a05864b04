package io.kizuki.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft-07, the base of AsyncAPI's schema format) of the wire types, and an example of each, both read
 * from the properties {@link WireCodec#newMapper() the wire mapper} writes, so that they describe exactly what is on
 * the topics. Every property is always written (nulls included), so every property is required; a reference-typed
 * one may be {@code null}. Objects allow more properties: fields are only ever added.
 */
public final class JsonSchemas {

    /** The draft the schemas follow. */
    public static final String DRAFT = "http://json-schema.org/draft-07/schema#";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = WireCodec.newMapper();
    private static final String TIME = "2026-12-05T09:41:00Z";
    private static final Map<String, String> EXAMPLE_STRINGS = Map.ofEntries(
            Map.entry("product", "shop"),
            Map.entry("adoptingProduct", "payments"),
            Map.entry("service", "checkout"),
            Map.entry("title", "Checkout error rate above 5%"),
            Map.entry("summary", "Checkout returned 502 for 4% of orders"),
            Map.entry("dedupKey", "alertmanager:3f9a0c1d2e4b5a6978877665544332211"),
            Map.entry("fingerprint", "b1946ac92492d234"),
            Map.entry("stream", "service:checkout"),
            Map.entry("href", "https://grafana.example.com/d/checkout"),
            Map.entry("rel", "dashboard"),
            Map.entry("timeZone", "Asia/Tokyo"),
            Map.entry("channel", "slack"),
            Map.entry("kind", "deploy"),
            Map.entry("version", "2026.12.5"),
            Map.entry("integration", "integration:shop-alertmanager"),
            Map.entry("source", "alertmanager"),
            Map.entry("status", "firing"),
            Map.entry("role", "commander"),
            Map.entry("category", "observability-gap"),
            Map.entry("section", "went-badly"),
            Map.entry("relation", "recurred-as"),
            Map.entry("class", "error-rate"),
            Map.entry("root", "5f0a9c3b7e21d4a6c8f90b1e2d3c4a5b6f7e8d9c0a1b2c3d4e5f60718293a4b5"),
            Map.entry("type", "kizuki.incident.acknowledged.v1"));

    private JsonSchemas() {}

    /** The schema of a wire type's {@code data}, with {@code $schema} and a title. */
    public static ObjectNode of(Class<? extends WireType> type, String typeName) {
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", DRAFT);
        schema.put("$id", "urn:kizuki:schema:" + typeName);
        schema.put("title", typeName);
        schema.setAll(object(MAPPER.constructType(type), false));
        return schema;
    }

    /** An example {@code data} of a wire type: every property filled with a plausible value. */
    public static ObjectNode example(Class<? extends WireType> type) {
        return (ObjectNode) exampleOf(MAPPER.constructType(type), "");
    }

    private static ObjectNode schemaOf(JavaType type, boolean nullable) {
        Class<?> raw = type.getRawClass();
        if (JsonNode.class.isAssignableFrom(raw)) {
            return NODES.objectNode();
        }
        if (raw == String.class) {
            return typed("string", nullable);
        }
        if (raw == Instant.class) {
            return typed("string", nullable).put("format", "date-time");
        }
        if (raw == LocalDate.class) {
            return typed("string", nullable).put("format", "date");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return typed("boolean", nullable && !raw.isPrimitive());
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return typed("integer", nullable && !raw.isPrimitive());
        }
        if (raw == double.class || raw == Double.class) {
            return typed("number", nullable && !raw.isPrimitive());
        }
        if (raw.isEnum()) {
            ObjectNode schema = typed("string", nullable);
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            if (nullable) {
                values.addNull();
            }
            return schema;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            ObjectNode schema = typed("array", nullable);
            schema.set("items", schemaOf(type.getContentType(), false));
            return schema;
        }
        if (Map.class.isAssignableFrom(raw)) {
            ObjectNode schema = typed("object", nullable);
            schema.set("additionalProperties", schemaOf(type.getContentType(), true));
            return schema;
        }
        return object(type, nullable);
    }

    private static ObjectNode object(JavaType type, boolean nullable) {
        ObjectNode schema = typed("object", nullable);
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (BeanPropertyDefinition property : properties(type)) {
            properties.set(property.getName(), schemaOf(property.getPrimaryType(), true));
            required.add(property.getName());
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private static JsonNode exampleOf(JavaType type, String name) {
        Class<?> raw = type.getRawClass();
        if (JsonNode.class.isAssignableFrom(raw)) {
            return NODES.objectNode().put("as", "received");
        }
        if (raw == String.class) {
            return NODES.textNode(exampleString(name));
        }
        if (raw == Instant.class) {
            return NODES.textNode(TIME);
        }
        if (raw == LocalDate.class) {
            return NODES.textNode(TIME.substring(0, 10));
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return NODES.booleanNode(true);
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return NODES.numberNode(name.toLowerCase().contains("seconds") ? 300 : 1);
        }
        if (raw == double.class || raw == Double.class) {
            return NODES.numberNode(1.0);
        }
        if (raw.isEnum()) {
            return NODES.textNode(((Enum<?>) raw.getEnumConstants()[0]).name());
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return NODES.arrayNode().add(exampleOf(type.getContentType(), singular(name)));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return NODES.objectNode().set("team", exampleOf(type.getContentType(), "team"));
        }
        ObjectNode example = NODES.objectNode();
        for (BeanPropertyDefinition property : properties(type)) {
            example.set(property.getName(), exampleOf(property.getPrimaryType(), property.getName()));
        }
        return example;
    }

    private static String exampleString(String name) {
        String known = EXAMPLE_STRINGS.get(name);
        if (known != null) {
            return known;
        }
        String lower = name.toLowerCase();
        if (lower.endsWith("id") || lower.endsWith("ids") || lower.equals("recurrenceof")) {
            return "0b6f1a52-3c1d-4e8a-9a57-1f2e3d4c5b6a";
        }
        if (lower.endsWith("by") || lower.equals("person") || lower.equals("assignee") || lower.equals("actor")) {
            return "alice";
        }
        if (lower.startsWith("allowedproduct")) {
            return "shop";
        }
        return "…";
    }

    private static String singular(String name) {
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    private static List<BeanPropertyDefinition> properties(JavaType type) {
        BeanDescription description = MAPPER.getSerializationConfig().introspect(type);
        return description.findProperties();
    }

    private static ObjectNode typed(String type, boolean nullable) {
        ObjectNode schema = NODES.objectNode();
        if (nullable) {
            schema.putArray("type").add(type).add("null");
        } else {
            schema.put("type", type);
        }
        return schema;
    }
}
