package io.kizuki.notify.chat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Reads what Slack posts, as its documentation shapes it: a slash command's form fields, an interaction's form
 * field {@code payload} holding JSON ({@code block_actions}: who clicked which button of which message, and where to
 * answer), and the Events API's JSON.
 */
public final class SlackRequests {

    /** A Slack member id ({@code U…} or {@code W…}). */
    public static final Pattern MEMBER = Pattern.compile("[UW][A-Z0-9]{2,31}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackRequests() {}

    /** A button clicked: {@code blocks} are the message's as Slack sent them back ({@code null} if absent). */
    public record Interaction(
            String memberId, String actionId, String value, String actionTs, URI responseUrl, ArrayNode blocks) {}

    /** A slash command typed; {@code triggerId} is the same when Slack sends it again. */
    public record SlashCommand(String memberId, String command, String text, URI responseUrl, String triggerId) {}

    /** Thrown when a request is not what Slack sends: the message names the field at fault. */
    public static final class Unreadable extends RuntimeException {

        private final String field;

        Unreadable(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The form fields of an {@code application/x-www-form-urlencoded} body; the first value of a repeated name. */
    public static Map<String, String> form(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new Unreadable("body", "the form body is not URL-encoded: " + e.getMessage());
            }
        }
        return fields;
    }

    /** The button clicked, or empty for an interaction that is no button click (Kizuki answers those with 200). */
    public static Optional<Interaction> interaction(Map<String, String> form) {
        String payload = form.get("payload");
        if (payload == null) {
            throw new Unreadable("payload", "an interaction has a form field payload holding JSON");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new Unreadable("payload", "payload is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new Unreadable("payload", "payload is not a JSON object");
        }
        if (!"block_actions".equals(tree.path("type").asText())) {
            return Optional.empty();
        }
        String member = member(tree.path("user").path("id").asText(null), "payload.user.id");
        JsonNode action = tree.path("actions").path(0);
        if (!action.isObject()) {
            throw new Unreadable("payload.actions", "a block action names the action clicked");
        }
        String actionId = action.path("action_id").asText("");
        String value = action.path("value").asText("");
        String actionTs = action.path("action_ts").asText("");
        if (!actionTs.matches("[0-9]{1,12}(\\.[0-9]{1,9})?")) {
            throw new Unreadable("payload.actions[0].action_ts", "is not a Slack timestamp");
        }
        URI responseUrl = responseUrl(tree.path("response_url").asText(null), "payload.response_url");
        JsonNode blocks = tree.path("message").path("blocks");
        return Optional.of(new Interaction(
                member, actionId, value, actionTs, responseUrl, blocks.isArray() ? (ArrayNode) blocks : null));
    }

    /** What the Events API posts: its URL check, a reaction added to a message, or anything else. */
    public sealed interface Event {

        /** {@code url_verification}: Slack checks the request URL by asking for its challenge back. */
        record Challenge(String challenge) implements Event {}

        /** {@code reaction_added} on a message: who reacted with which reaction, to which message. */
        record Reaction(String memberId, String reaction, String channel, String ts) implements Event {}

        /** An event Kizuki does not act on (answered 200, as Slack expects). */
        record Other() implements Event {}
    }

    /** An Events API request body (JSON). */
    public static Event event(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            throw new Unreadable("body", "an event is JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new Unreadable("body", "an event is a JSON object");
        }
        if ("url_verification".equals(tree.path("type").asText())) {
            String challenge = tree.path("challenge").asText("");
            if (!challenge.matches("[A-Za-z0-9_.-]{1,200}")) {
                throw new Unreadable("challenge", "is not a Slack challenge");
            }
            return new Event.Challenge(challenge);
        }
        JsonNode event = tree.path("event");
        if (!"event_callback".equals(tree.path("type").asText())
                || !"reaction_added".equals(event.path("type").asText())
                || !"message".equals(event.path("item").path("type").asText())) {
            return new Event.Other();
        }
        String member = member(event.path("user").asText(null), "event.user");
        String reaction = event.path("reaction").asText("");
        String channel = event.path("item").path("channel").asText("");
        String ts = event.path("item").path("ts").asText("");
        if (!reaction.matches("[a-z0-9_+'-]{1,100}")) {
            throw new Unreadable("event.reaction", "is not a reaction's name");
        }
        if (!channel.matches("[CG][A-Z0-9]{8,20}")) {
            throw new Unreadable("event.item.channel", "is not a Slack channel id");
        }
        if (!ts.matches("[0-9]{1,12}\\.[0-9]{1,9}")) {
            throw new Unreadable("event.item.ts", "is not a Slack timestamp");
        }
        return new Event.Reaction(member, reaction, channel, ts);
    }

    public static SlashCommand slashCommand(Map<String, String> form) {
        String member = member(form.get("user_id"), "user_id");
        String command = form.getOrDefault("command", "");
        String text = form.getOrDefault("text", "");
        URI responseUrl = responseUrl(form.get("response_url"), "response_url");
        String trigger = form.get("trigger_id");
        if (trigger == null || !trigger.matches("[A-Za-z0-9.]{1,100}")) {
            throw new Unreadable("trigger_id", "a slash command has a trigger_id");
        }
        return new SlashCommand(member, command, text, responseUrl, trigger);
    }

    private static String member(String id, String field) {
        if (id == null || !MEMBER.matcher(id).matches()) {
            throw new Unreadable(field, "is not a Slack member id");
        }
        return id;
    }

    private static URI responseUrl(String url, String field) {
        try {
            URI uri = url == null ? null : new URI(url);
            if (uri == null
                    || uri.getHost() == null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new Unreadable(field, "is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new Unreadable(field, "is not an http(s) URL");
        }
    }
}
