package io.kizuki.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which SMTP replies end a delivery and which are tried again. */
class EmailChannelTest {

    @Test
    void repliesRefusingTheRecipientOrTheMessageAreFinal() {
        for (int code : List.of(550, 551, 552, 553, 554, 555, 521, 556)) {
            assertThat(EmailChannel.refusesTheMessage(code))
                    .as("reply %d", code)
                    .isTrue();
        }
    }

    @Test
    void aBrokenConversationRefusedCredentialsAndTemporaryRepliesAreTriedAgain() {
        // 500 is what a pooled connection closed by the server's idle limit can answer to the next message
        for (int code : List.of(421, 450, 451, 452, 454, 500, 501, 502, 503, 504, 530, 534, 535, 538)) {
            assertThat(EmailChannel.refusesTheMessage(code))
                    .as("reply %d", code)
                    .isFalse();
        }
    }
}
