package io.kizuki.notify.channel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.kizuki.notify.config.NotifyConfig;

/**
 * Any SMS provider, or a modem's gateway, behind an HTTP request of the deployment's shape: the method, URL, headers and
 * body template it configures ({@code {{to}}}, {@code {{text}}}, {@code {{kind}}} replaced, escaped for JSON or for a
 * form). A call goes the same way with {@code kind} {@code voice}: the gateway reads the text out; it takes no key.
 */
final class SmsGateway implements Telephony.Provider {

    private final NotifyConfig.Gateway settings;
    private final JsonPost post;

    SmsGateway(NotifyConfig.Gateway settings, JsonPost post) {
        this.settings = settings;
        this.post = post;
    }

    @Override
    public CompletableFuture<String> text(String to, String text) {
        return send(to, text, "sms");
    }

    @Override
    public CompletableFuture<String> call(String to, Messages.Spoken spoken, URI keypad, URI status) {
        return send(to, spoken.text(), "voice");
    }

    @Override
    public boolean keypad() {
        return false;
    }

    @Override
    public Optional<String> signingKey() {
        return settings.secret().filter(secret -> !secret.isBlank());
    }

    private CompletableFuture<String> send(String to, String text, String kind) {
        if (settings.url().isEmpty()) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("no SMS gateway is configured (KIZUKI_SMS_GATEWAY_URL)", true, null));
        }
        String method = settings.method().toUpperCase(java.util.Locale.ROOT);
        if (!method.equals("POST") && !method.equals("PUT")) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("the SMS gateway's method must be POST or PUT", true, null));
        }
        String body = render(settings.body(), settings.contentType(), to, text, kind);
        return post.send(
                        "the SMS gateway",
                        method,
                        settings.url().get(),
                        settings.contentType(),
                        body.getBytes(StandardCharsets.UTF_8),
                        settings.headers())
                .thenApply(Channel::unreferenced);
    }

    /** The template with each placeholder replaced by its value, escaped for the content type. */
    static String render(String template, String contentType, String to, String text, String kind) {
        boolean json = contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
        return template.replace("{{to}}", escape(to, json))
                .replace("{{text}}", escape(text, json))
                .replace("{{kind}}", escape(kind, json));
    }

    private static String escape(String value, boolean json) {
        if (!json) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
