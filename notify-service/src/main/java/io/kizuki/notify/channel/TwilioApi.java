package io.kizuki.notify.channel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.kizuki.notify.config.NotifyConfig;

/**
 * Twilio's REST API as it documents it: a form POST to the account's {@code Messages.json} ({@code To}, {@code From},
 * {@code Body}) or {@code Calls.json} ({@code To}, {@code From}, {@code Twiml}, {@code Timeout}, and a
 * {@code StatusCallback} that hears how the call ended), with Basic auth of the account SID
 * and auth token. Twilio answers 201; 401 for credentials it refuses (tried again: the page is not at fault), 400 for
 * a number it cannot reach (for good), 429 when it limits.
 */
final class TwilioApi implements Telephony.Provider {

    /** The most a text may hold (Twilio splits longer ones, up to this). */
    static final int TEXT_LIMIT = 1_600;
    /** How long a call rings before Twilio ends it as {@code no-answer}. */
    static final int RING_SECONDS = 30;
    /** The most TwiML a call may carry in {@code Twiml}. */
    static final int TWIML_LIMIT = 4_000;

    private final NotifyConfig.Twilio settings;
    private final JsonPost post;

    TwilioApi(NotifyConfig.Twilio settings, JsonPost post) {
        this.settings = settings;
        this.post = post;
    }

    @Override
    public CompletableFuture<String> text(String to, String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        form.put("From", settings.from().orElse(""));
        form.put("Body", text.length() > TEXT_LIMIT ? text.substring(0, TEXT_LIMIT - 1) + "…" : text);
        return send("Messages.json", form);
    }

    @Override
    public CompletableFuture<String> call(String to, Messages.Spoken spoken, URI keypad, URI status) {
        String twiml = Twiml.page(spoken, keypad);
        if (twiml.length() > TWIML_LIMIT) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("the call's TwiML is longer than Twilio takes", false, null));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        form.put("From", settings.from().orElse(""));
        form.put("Twiml", twiml);
        form.put("Timeout", Integer.toString(RING_SECONDS));
        if (status != null) {
            form.put("StatusCallback", status.toString());
            form.put("StatusCallbackMethod", "POST");
        }
        return send("Calls.json", form);
    }

    @Override
    public boolean keypad() {
        return true;
    }

    @Override
    public Optional<String> signingKey() {
        return settings.authToken().filter(token -> !token.isBlank());
    }

    private CompletableFuture<String> send(String resource, Map<String, String> form) {
        if (settings.accountSid().isEmpty()
                || signingKey().isEmpty()
                || settings.from().isEmpty()) {
            return CompletableFuture.failedFuture(new DeliveryException(
                    "Twilio is not set up (KIZUKI_TWILIO_ACCOUNT_SID, KIZUKI_TWILIO_AUTH_TOKEN, KIZUKI_TWILIO_FROM)",
                    true,
                    null));
        }
        String sid = settings.accountSid().get();
        URI url = URI.create(settings.apiUrl().toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/"
                + URLEncoder.encode(sid, StandardCharsets.UTF_8) + "/" + resource);
        String basic =
                Base64.getEncoder().encodeToString((sid + ":" + signingKey().get()).getBytes(StandardCharsets.UTF_8));
        return post.send(
                        "Twilio",
                        "POST",
                        url,
                        "application/x-www-form-urlencoded",
                        formBody(form).getBytes(StandardCharsets.UTF_8),
                        Map.of("Authorization", "Basic " + basic))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        DeliveryException.credentialsRetried(failure, "its account SID and auth token")))
                .thenApply(Channel::unreferenced);
    }

    static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
