package io.kizuki.notify.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Slack's signing, checked against the example of Slack's own documentation and against every way to get it wrong. */
class SlackSignatureTest {

    /** "Verifying requests from Slack": the documented secret, timestamp, body and signature. */
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    private static final String TIMESTAMP = "1531420618";
    private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
                    + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
                    + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
                    + "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121"
                    + ".803a0bc887a14d10d2c447fce8b6703c")
            .getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final Instant THEN = Instant.ofEpochSecond(1531420618);

    @Test
    void signsAsSlacksDocumentationShows() {
        assertThat(SlackSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(299)))
                .isEmpty();
    }

    @Test
    void refusesATimestampMoreThanFiveMinutesFromNowEitherWay() {
        assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(301)))
                .hasValue("X-Slack-Request-Timestamp is more than 5 minutes from now");
        assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.minusSeconds(301)))
                .hasValue("X-Slack-Request-Timestamp is more than 5 minutes from now");
    }

    @Test
    void refusesAnotherBodyAnotherSecretAndMalformedHeaders() {
        byte[] changed = new String(BODY, StandardCharsets.UTF_8)
                .replace("roadrunner", "coyote")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, changed, THEN))
                .hasValue("X-Slack-Signature does not match the request");
        assertThat(SlackSignature.refusal("another-secret", TIMESTAMP, SIGNATURE, BODY, THEN))
                .hasValue("X-Slack-Signature does not match the request");
        assertThat(SlackSignature.refusal(SECRET, null, SIGNATURE, BODY, THEN))
                .hasValue("X-Slack-Request-Timestamp is missing or not a number of seconds");
        assertThat(SlackSignature.refusal(SECRET, "soon", SIGNATURE, BODY, THEN))
                .hasValue("X-Slack-Request-Timestamp is missing or not a number of seconds");
        assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, null, BODY, THEN))
                .hasValue("X-Slack-Signature is missing or not v0=<64 hex digits>");
        assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, "v1=" + SIGNATURE.substring(3), BODY, THEN))
                .hasValue("X-Slack-Signature is missing or not v0=<64 hex digits>");
    }
}
