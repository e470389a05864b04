package io.kizuki.notify.channel;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallConfig.SignedWebhook;
import io.kizuki.notify.paging.Notification;

/**
 * A generic webhook, signed: {@value #TIMESTAMP} is the Unix time of the request and {@value #SIGNATURE} is
 * {@code v1=} and the hex HMAC-SHA256, under the webhook's secret, of {@code <timestamp>.<body>}. A receiver
 * recomputes it, compares in constant time and refuses old timestamps (replays).
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    public static final String SIGNATURE = "X-Kizuki-Signature";
    public static final String TIMESTAMP = "X-Kizuki-Timestamp";
    public static final String NOTIFICATION_ID = "X-Kizuki-Notification-Id";

    private final JsonPost post;
    private final URI consoleUrl;
    private final Clock clock = Clock.systemUTC();

    public WebhookChannel(JsonPost post, NotifyConfig config) {
        this.post = post;
        this.consoleUrl = config.consoleUrl();
    }

    @Override
    public String name() {
        return Notification.WEBHOOK;
    }

    @Override
    public CompletableFuture<String> attempt(Notification notification, OnCallConfig config) {
        SignedWebhook webhook = config.channels().webhooks().get(notification.webhook());
        if (webhook == null) {
            return CompletableFuture.failedFuture(new DeliveryException(
                    "no webhook named " + notification.webhook() + " in the on-call configuration", false, null));
        }
        byte[] body = post.json(Messages.webhook(notification, consoleUrl));
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return post.post(
                        "the webhook " + notification.webhook(),
                        webhook.url(),
                        body,
                        Map.of(
                                TIMESTAMP,
                                timestamp,
                                SIGNATURE,
                                "v1=" + sign(webhook.secret(), timestamp, body),
                                NOTIFICATION_ID,
                                notification.id()))
                .thenApply(Channel::unreferenced);
    }

    /** The hex HMAC-SHA256 of {@code <timestamp>.<body>} under the secret. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
