package io.kizuki.notify.rest;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.notify.channel.Messages;
import io.kizuki.notify.chat.ChatActions;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.chat.ChatRequest;
import io.kizuki.notify.chat.SlackRequests;

/**
 * Kizuki's answers in Slack, as Slack's {@code response_url} and slash commands take them: a click that changed the
 * incident replaces the message (its buttons follow the incident's status, and a line says who did what, when);
 * anything else is shown to the person alone ({@code ephemeral}). Every text is escaped for Slack.
 */
final class SlackReplies {

    /** The {@code block_id} of the line that says what was done from Slack. */
    static final String OUTCOME_BLOCK = "kizuki-outcome";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI consoleUrl;

    SlackReplies(URI consoleUrl) {
        this.consoleUrl = consoleUrl;
    }

    /** A slash command's answer: what was done is shown in the channel, anything else to the person alone. */
    static Map<String, Object> slash(ChatReply reply) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("response_type", reply.kind() == ChatReply.Kind.DONE ? "in_channel" : "ephemeral");
        message.put("text", Messages.slackText(reply.text()));
        return message;
    }

    /** The answer to a click, for the message's {@code response_url}. */
    Map<String, Object> click(
            SlackRequests.Interaction interaction, ChatRequest.OnIncident request, ChatReply reply, Instant now) {
        Map<String, Object> message = new LinkedHashMap<>();
        if (reply.kind() != ChatReply.Kind.DONE || reply.status() == null || interaction.blocks() == null) {
            message.put("response_type", "ephemeral");
            message.put("replace_original", false);
            message.put("text", Messages.slackText(reply.text()));
            return message;
        }
        String line = ":white_check_mark: " + Messages.slackText(reply.text()) + " by <@" + interaction.memberId()
                + "> via Slack at " + now.truncatedTo(ChronoUnit.SECONDS);
        ArrayNode blocks = JSON.createArrayNode();
        for (JsonNode block : interaction.blocks()) {
            String id = block.path("block_id").asText();
            if (Messages.ACTIONS_BLOCK.equals(id)) {
                ObjectNode actions = JSON.createObjectNode();
                actions.put("type", "actions");
                actions.put("block_id", Messages.ACTIONS_BLOCK);
                actions.set(
                        "elements",
                        JSON.valueToTree(ChatActions.buttons(
                                request.incidentId(),
                                reply.status(),
                                0,
                                Messages.link(consoleUrl, request.incidentId()))));
                blocks.add(actions);
            } else if (!OUTCOME_BLOCK.equals(id)) {
                blocks.add(block);
            }
        }
        ObjectNode outcome = JSON.createObjectNode();
        outcome.put("type", "context");
        outcome.put("block_id", OUTCOME_BLOCK);
        outcome.putArray("elements").addObject().put("type", "mrkdwn").put("text", line);
        blocks.add(outcome);
        message.put("replace_original", true);
        message.put("text", line);
        message.put("blocks", blocks);
        return message;
    }
}
