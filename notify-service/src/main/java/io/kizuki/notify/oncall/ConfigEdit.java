package io.kizuki.notify.oncall;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A change to one person, group, schedule or escalation policy of the configuration, made on its text: the rest stays
 * as written (its {@code ${NAME}} placeholders too; comments are not kept). The result is checked whole by whoever
 * puts it in force.
 */
public final class ConfigEdit {

    /** The sections whose objects are changed one at a time, as the file names them. */
    public static final List<String> SECTIONS = List.of("people", "groups", "schedules", "escalationPolicies");

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The object's YAML is not a mapping, or the configuration in force cannot be read. */
    public static final class NotAnObject extends RuntimeException {
        NotAnObject(String message) {
            super(message);
        }
    }

    private ConfigEdit() {}

    /** The configuration with {@code section.id} set to the object given (added, or replacing the one there). */
    public static String put(String current, String section, String id, String objectYaml) {
        JsonNode object;
        try {
            object = YAML.readTree(objectYaml);
        } catch (JsonProcessingException e) {
            throw new NotAnObject("not valid YAML: " + e.getOriginalMessage());
        }
        if (!(object instanceof ObjectNode)) {
            throw new NotAnObject("must be a mapping: the " + section + " entry's fields");
        }
        ObjectNode root = read(current);
        root.withObjectProperty(section).set(id, object);
        return write(root);
    }

    /** The configuration without {@code section.id}; whether it was there is {@link #has}'s to say. */
    public static String remove(String current, String section, String id) {
        ObjectNode root = read(current);
        root.withObjectProperty(section).remove(id);
        return write(root);
    }

    /** Whether the configuration has {@code section.id}. */
    public static boolean has(String current, String section, String id) {
        return read(current).path(section).has(id);
    }

    /** The configuration's text as a tree (empty for none). */
    public static ObjectNode read(String current) {
        try {
            JsonNode root = current == null ? null : YAML.readTree(current);
            return root instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (JsonProcessingException e) {
            throw new NotAnObject("the configuration in force cannot be read as YAML: " + e.getOriginalMessage());
        }
    }

    /** A configuration tree as text. */
    public static String write(ObjectNode root) {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a configuration tree could not be written as YAML", e);
        }
    }
}
