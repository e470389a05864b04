package io.kizuki.notify.migrate;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * What was read from a source tool's API, as it answered: each response's request path (without host and query, e.g.
 * {@code /schedules/PI7DH85/overrides}) and its JSON body. Several responses may share a path (the pages of a list).
 * The same whether read from the API or from files saved from it.
 */
public record SourceResponses(List<Response> responses) {

    /** One answer of the source's API. */
    public record Response(String path, JsonNode body) {}

    public SourceResponses {
        responses = responses == null ? List.of() : List.copyOf(responses);
    }

    /**
     * The same responses with every control character of their texts (which a terminal, a chat or a YAML reader
     * would act on) made a space: what is carried from the source and shown in a plan is plain text.
     */
    public SourceResponses withoutControlCharacters() {
        return new SourceResponses(responses.stream()
                .map(response -> new Response(response.path(), clean(response.body())))
                .toList());
    }

    private static JsonNode clean(JsonNode node) {
        if (node.isTextual()) {
            StringBuilder text = new StringBuilder();
            node.asText().codePoints().forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
            return TextNode.valueOf(text.toString());
        }
        if (node.isContainerNode()) {
            JsonNode copy = node.deepCopy();
            if (copy instanceof ObjectNode object) {
                object.properties().forEach(field -> field.setValue(clean(field.getValue())));
            } else if (copy instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    array.set(i, clean(array.get(i)));
                }
            }
            return copy;
        }
        return node;
    }

    /** The bodies of every response to that path, in the order given (the pages of a list, first to last). */
    public List<JsonNode> at(String path) {
        return responses.stream()
                .filter(response -> path.equals(response.path()))
                .map(Response::body)
                .toList();
    }

    /** The responses whose path matches, in the order given. */
    public List<Response> matching(Pattern path) {
        return responses.stream()
                .filter(response -> path.matcher(response.path()).matches())
                .toList();
    }

    /** Every element of the array {@code field} of every page at that path. */
    public List<JsonNode> items(String path, String field) {
        return at(path).stream()
                .flatMap(page -> page.path(field).isArray()
                        ? StreamSupport.stream(page.path(field).spliterator(), false)
                        : Stream.empty())
                .toList();
    }
}
