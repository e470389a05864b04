package io.kizuki.notify.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Twilio's signature, checked against the example its own SDK's tests sign. */
class TwilioSignatureTest {

    static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    static final List<Map.Entry<String, String>> FORM = List.of(
            Map.entry("To", "+18005551212"),
            Map.entry("From", "+14158675309"),
            Map.entry("Digits", "1234"),
            Map.entry("CallSid", "CA1234567890ABCDE"),
            Map.entry("Caller", "+14158675309"));

    @Test
    void signsAsTwilioDoesWithParametersSortedByName() {
        assertThat(TwilioSignature.sign("12345", URL, FORM)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void refusesAChangedParameterUrlOrKeyAndAMissingSignature() {
        assertThat(TwilioSignature.verify("12345", URL, FORM, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isTrue();
        var changed = List.of(
                Map.entry("To", "+18005551212"),
                Map.entry("From", "+14158675309"),
                Map.entry("Digits", "6"),
                Map.entry("CallSid", "CA1234567890ABCDE"),
                Map.entry("Caller", "+14158675309"));
        assertThat(TwilioSignature.verify("12345", URL, changed, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
        assertThat(TwilioSignature.verify("12345", URL + "&x=1", FORM, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
        assertThat(TwilioSignature.verify("54321", URL, FORM, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isFalse();
        assertThat(TwilioSignature.verify("12345", URL, FORM, null)).isFalse();
    }
}
