package io.kizuki.incident.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * C0 control characters (U+0000 to U+001F, except tab, line feed and carriage return) in text from outside. They have
 * no place in an alert or a note, and PostgreSQL refuses NUL in {@code text} and {@code jsonb}: one of them on the
 * ledger would stop every read model. Bodies Kizuki defines are refused naming the fields ({@link #find}); bodies
 * of senders that drop an alert on any 4xx (Alertmanager, Grafana, PagerDuty clients) have them replaced by U+FFFD
 * ({@link #stripTree}), names and values alike, before anything is read from them.
 */
public final class ControlCharacters {

    /** What takes a control character's place in text from a sender that must not be refused. */
    public static final char REPLACEMENT = '\uFFFD';

    private ControlCharacters() {}

    public static boolean has(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The text with each control character replaced by U+FFFD; the same string when it has none. */
    public static String strip(String text) {
        if (text == null || !has(text)) {
            return text;
        }
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            clean.append(isControl(c) ? REPLACEMENT : c);
        }
        return clean.toString();
    }

    /** The JSON paths ({@code labels.service}, {@code links[2].text}) of the names and strings that hold one. */
    public static List<String> find(JsonNode node, String path) {
        List<String> found = new ArrayList<>();
        find(node, path, found);
        return found;
    }

    private static void find(JsonNode node, String path, List<String> found) {
        if (node.isTextual() && has(node.textValue())) {
            found.add(path);
        } else if (node.isObject()) {
            node.properties().forEach(field -> {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (has(field.getKey())) {
                    found.add(path.isEmpty() ? strip(field.getKey()) : path + "." + strip(field.getKey()));
                } else {
                    find(field.getValue(), child, found);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                find(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    /** Replaces every control character in the tree's names and strings, in place; returns the tree. */
    public static JsonNode stripTree(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            boolean renamed = fields.stream().anyMatch(field -> has(field.getKey()));
            if (renamed) {
                object.removeAll();
            }
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode clean = cleaned(field.getValue());
                if (renamed || clean != field.getValue()) {
                    object.set(strip(field.getKey()), clean);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode clean = cleaned(array.get(i));
                if (clean != array.get(i)) {
                    array.set(i, clean);
                }
            }
        }
        return node;
    }

    /** A new text node for text that held a control character; containers are cleaned in place. */
    private static JsonNode cleaned(JsonNode value) {
        return value.isTextual()
                ? has(value.textValue()) ? TextNode.valueOf(strip(value.textValue())) : value
                : stripTree(value);
    }

    private static boolean isControl(char c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    }
}
