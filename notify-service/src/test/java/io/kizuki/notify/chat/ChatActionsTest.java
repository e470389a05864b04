package io.kizuki.notify.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.IncidentStatus;

/** What a click asks: escalate now names the level its page showed, and nothing else reads as a request. */
class ChatActionsTest {

    @Test
    void anEscalateButtonAsksToEscalateFromTheLevelItsPageShowed() {
        assertThat(ChatActions.request(ChatActions.ESCALATE, "inc-1@2")).contains(new ChatRequest.Escalate("inc-1", 2));
        assertThat(ChatActions.request(ChatActions.ESCALATE, "inc:a.b@1"))
                .contains(new ChatRequest.Escalate("inc:a.b", 1));
        for (String value : new String[] {"inc-1", "inc-1@0", "inc-1@x", "@1", "inc-1@1000", "in c@1", "a@b@1", ""}) {
            assertThat(ChatActions.request(ChatActions.ESCALATE, value))
                    .as(value)
                    .isEmpty();
        }
    }

    @Test
    void offersEscalateNowOnlyWhileTriggeredAndOnlyWithALevelToEscalateFrom() {
        assertThat(ChatActions.buttons("inc-1", IncidentStatus.TRIGGERED, 1, "http://c"))
                .extracting(button -> button.get("action_id"))
                .contains(ChatActions.ESCALATE);
        assertThat(ChatActions.buttons("inc-1", IncidentStatus.TRIGGERED, 0, "http://c"))
                .extracting(button -> button.get("action_id"))
                .doesNotContain(ChatActions.ESCALATE);
        assertThat(ChatActions.buttons("inc-1", IncidentStatus.ACKNOWLEDGED, 1, "http://c"))
                .extracting(button -> button.get("action_id"))
                .doesNotContain(ChatActions.ESCALATE);
    }

    @Test
    void aMattermostButtonsTokenSignsTheLevelItEscalatesFrom() {
        var links = new ActionLinks("secret", Duration.ofHours(1), URI.create("https://kizuki.example.com"));
        Instant now = Instant.parse("2026-12-04T03:00:00Z");
        String token =
                links.buttonToken("inc-1", ActionLinks.ESCALATE + 3, "n", now).orElseThrow();

        assertThat(links.verify(token, now).request()).isEqualTo(new ChatRequest.Escalate("inc-1", 3));
    }
}
