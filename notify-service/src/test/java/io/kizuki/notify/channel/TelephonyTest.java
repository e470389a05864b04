package io.kizuki.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** What goes to a telephony provider: a gateway's body, a call's TwiML, a page's text. */
class TelephonyTest {

    @Test
    void escapesTheGatewaysPlaceholdersForJsonAndForForms() {
        String text = "Checkout \"down\"\n\\ & 決済";

        assertThat(SmsGateway.render(
                        "{\"to\":\"{{to}}\",\"text\":\"{{text}}\",\"kind\":\"{{kind}}\"}",
                        "application/json",
                        "+819012345678",
                        text,
                        "sms"))
                .isEqualTo(
                        "{\"to\":\"+819012345678\",\"text\":\"Checkout \\\"down\\\"\\n\\\\ & 決済\",\"kind\":\"sms\"}");
        assertThat(SmsGateway.render(
                        "to={{to}}&message={{text}}",
                        "application/x-www-form-urlencoded",
                        "+4915111112222",
                        "a&b=c",
                        "voice"))
                .isEqualTo("to=%2B4915111112222&message=a%26b%3Dc");
    }

    @Test
    void aCallsTwimlEscapesWhatItReadsOutAndGathersOneKey() {
        String twiml = Twiml.page(
                new Messages.Spoken("Cart <script> & \"quotes\"", "en-US"),
                URI.create("https://kizuki.example/api/v1/telephony/voice/a.b?x=1&y=2"));

        assertThat(twiml)
                .startsWith(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Gather input=\"dtmf\" numDigits=\"1\"")
                .contains("action=\"https://kizuki.example/api/v1/telephony/voice/a.b?x=1&amp;y=2\"")
                .contains("<Say language=\"en-US\">Cart &lt;script&gt; &amp; &quot;quotes&quot;</Say></Gather>")
                .endsWith("</Response>");
        assertThat(Twiml.page(new Messages.Spoken("Hello", "en-US"), null))
                .contains("<Say language=\"en-US\">Hello</Say>")
                .doesNotContain("Gather");
    }
}
