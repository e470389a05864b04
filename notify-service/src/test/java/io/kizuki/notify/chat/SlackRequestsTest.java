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
