package io.kizuki.notify.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SlackRequestsTest {

    private static final String CLICK = """
            {"type":"block_actions","user":{"id":"U0PAT00001","username":"pat"},"team":{"id":"T00000000"},
             "response_url":"https://hooks.slack.com/actions/T00000000/1234567/abcdefghijklmnop",
             "message":{"blocks":[{"type":"actions","block_id":"kizuki-actions","elements":[]}]},
             "actions":[{"action_id":"kizuki.acknowledge","value":"inc-1","action_ts":"1764720000.123456"}]}""";

    @Test
    void readsAButtonClickedAsSlackPostsIt() {
        var interaction = SlackRequests.interaction(SlackRequests.form(form(Map.of("payload", CLICK))))
                .orElseThrow();

        assertThat(interaction.memberId()).isEqualTo("U0PAT00001");
        assertThat(interaction.actionId()).isEqualTo("kizuki.acknowledge");
        assertThat(interaction.value()).isEqualTo("inc-1");
        assertThat(interaction.actionTs()).isEqualTo("1764720000.123456");
        assertThat(interaction.responseUrl())
                .isEqualTo(URI.create("https://hooks.slack.com/actions/T00000000/1234567/abcdefghijklmnop"));
        assertThat(interaction.blocks()).hasSize(1);
    }

    @Test
    void readsTheEventsApisChallengeAReactionToAMessageAndNothingElse() {
        assertThat(SlackRequests.event(bytes("{\"type\":\"url_verification\",\"challenge\":\"abc123\"}")))
                .isEqualTo(new SlackRequests.Event.Challenge("abc123"));
        String reaction = "{\"type\":\"event_callback\",\"event\":{\"type\":\"reaction_added\",\"user\":\"U0PAT00001\","
                + "\"reaction\":\"pushpin\",\"item\":{\"type\":\"message\",\"channel\":\"C0INC00001\","
                + "\"ts\":\"1764720000.000100\"}}}";
        assertThat(SlackRequests.event(bytes(reaction)))
                .isEqualTo(
                        new SlackRequests.Event.Reaction("U0PAT00001", "pushpin", "C0INC00001", "1764720000.000100"));
        assertThat(SlackRequests.event(bytes(reaction.replace("\"message\"", "\"file\""))))
                .isEqualTo(new SlackRequests.Event.Other());
        assertThat(SlackRequests.event(bytes("{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}")))
                .isEqualTo(new SlackRequests.Event.Other());

        assertThatThrownBy(() -> SlackRequests.event(bytes(reaction.replace("C0INC00001", "../general"))))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("event.item.channel"));
        assertThatThrownBy(() -> SlackRequests.event(bytes(reaction.replace("1764720000.000100", "now"))))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("event.item.ts"));
        assertThatThrownBy(() -> SlackRequests.event(bytes("{\"type\":\"url_verification\",\"challenge\":\"<x>\"}")))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("challenge"));
        assertThatThrownBy(() -> SlackRequests.event(bytes("[1]"))).isInstanceOf(SlackRequests.Unreadable.class);
        assertThatThrownBy(() -> SlackRequests.event(bytes("not json"))).isInstanceOf(SlackRequests.Unreadable.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void takesOtherInteractionsWithoutActingOnThem() {
        assertThat(SlackRequests.interaction(Map.of("payload", "{\"type\":\"view_submission\"}")))
                .isEmpty();
    }

    @Test
    void namesTheFieldAtFaultOfWhatSlackDoesNotSend() {
        assertThatThrownBy(() -> SlackRequests.interaction(Map.of()))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("payload"));
        assertThatThrownBy(() -> SlackRequests.interaction(Map.of("payload", "[1]")))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("payload"));
        assertThatThrownBy(() -> SlackRequests.interaction(Map.of("payload", CLICK.replace("U0PAT00001", "<!here>"))))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("payload.user.id"));
        assertThatThrownBy(() -> SlackRequests.interaction(
                        Map.of("payload", CLICK.replace("https://hooks.slack.com", "file:///etc"))))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("payload.response_url"));
        assertThatThrownBy(() -> SlackRequests.slashCommand(Map.of("user_id", "U0PAT00001")))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("response_url"));
        assertThatThrownBy(() -> SlackRequests.form("payload=%zz".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(SlackRequests.Unreadable.class, e -> assertThat(e.field())
                        .isEqualTo("body"));
    }

    @Test
    void readsASlashCommandsFormFields() {
        var command = SlackRequests.slashCommand(SlackRequests.form(form(Map.of(
                "user_id", "U0PAT00001",
                "command", "/kizuki",
                "text", "note inc-1 a & b",
                "response_url", "https://hooks.slack.com/commands/T00000000/1234567/abcdefghijklmnop",
                "trigger_id", "13345224609.738474920.8088930838d88f008e0"))));

        assertThat(command.text()).isEqualTo("note inc-1 a & b");
        assertThat(command.triggerId()).isEqualTo("13345224609.738474920.8088930838d88f008e0");
    }

    private static byte[] form(Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }
}
