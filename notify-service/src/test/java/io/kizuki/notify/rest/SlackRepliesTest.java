package io.kizuki.notify.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.chat.ChatRequest;
import io.kizuki.notify.chat.SlackRequests;

/** What a click or a slash command is answered with in Slack. */
class SlackRepliesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI CONSOLE = URI.create("http://localhost:8083");
    private static final Instant NOW = Instant.parse("2026-12-03T03:00:00.123Z");
    private final SlackReplies replies = new SlackReplies(CONSOLE);

    @Test
    void aClickThatChangedTheIncidentReplacesTheMessageWithItsNewButtonsAndWhoDidIt() throws Exception {
        ArrayNode blocks = (ArrayNode) JSON.readTree("""
                [{"type":"header","text":{"type":"plain_text","text":"[SEV1] Disk full"}},
                 {"type":"actions","block_id":"kizuki-actions","elements":[{"type":"button","action_id":"kizuki.acknowledge"}]},
                 {"type":"context","block_id":"kizuki-outcome","elements":[{"type":"mrkdwn","text":"an earlier click"}]}]""");
        var reply = new ChatReply(ChatReply.Kind.DONE, "inc-1 acknowledged", "inc-1", IncidentStatus.ACKNOWLEDGED);

        JsonNode message =
                JSON.valueToTree(replies.click(click(blocks), new ChatRequest.Acknowledge("inc-1"), reply, NOW));

        assertThat(message.path("replace_original").asBoolean()).isTrue();
        assertThat(message.path("blocks").findValuesAsText("action_id"))
                .containsExactly("kizuki.resolve", "kizuki.lead", "open-incident");
        assertThat(message.path("blocks").path(0).path("type").asText()).isEqualTo("header");
        assertThat(message.toString()).doesNotContain("an earlier click");
        assertThat(message.path("text").asText())
                .isEqualTo(":white_check_mark: inc-1 acknowledged by <@U0PAT00001> via Slack at 2026-12-03T03:00:00Z");
    }

    @Test
    void aRefusalIsShownToTheClickerAloneAndEscaped() {
        var reply = new ChatReply(
                ChatReply.Kind.REFUSED, "Not done: <!channel> incident is already acknowledged", "inc-1", null);

        Map<String, Object> message =
                replies.click(click(JSON.createArrayNode()), new ChatRequest.Acknowledge("inc-1"), reply, NOW);

        assertThat(message)
                .containsEntry("response_type", "ephemeral")
                .containsEntry("replace_original", false)
                .containsEntry("text", "Not done: &lt;!channel&gt; incident is already acknowledged");
    }

    @Test
    void aSlashCommandsOutcomeIsShownInTheChannelAndAnythingElseToThePersonAlone() {
        assertThat(SlackReplies.slash(ChatReply.of(ChatReply.Kind.DONE, "inc-1 acknowledged")))
                .containsEntry("response_type", "in_channel");
        assertThat(SlackReplies.slash(ChatReply.of(ChatReply.Kind.NOT_ALLOWED, "a & b")))
                .containsEntry("response_type", "ephemeral")
                .containsEntry("text", "a &amp; b");
    }

    private static SlackRequests.Interaction click(ArrayNode blocks) {
        return new SlackRequests.Interaction(
                "U0PAT00001",
                "kizuki.acknowledge",
                "inc-1",
                "1764720000.1",
                URI.create("https://hooks.slack.com/actions/T0/1/x"),
                blocks);
    }
}
