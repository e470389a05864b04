package io.kizuki.notify.channel;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.paging.Notification;

/**
 * Slack through the team channel's incoming webhook: a Block Kit message. Slack answers {@code 200 ok}; 429 with
 * {@code Retry-After} when it rate-limits; 4xx ({@code invalid_payload}, {@code no_service} …) for good.
 */
@ApplicationScoped
public class SlackChannel implements Channel {

    private final JsonPost post;
    private final URI consoleUrl;

    public SlackChannel(JsonPost post, NotifyConfig config) {
        this.post = post;
        this.consoleUrl = config.consoleUrl();
    }

    @Override
    public String name() {
        return Notification.SLACK;
    }

    @Override
    public CompletableFuture<Void> attempt(Notification notification, OnCallConfig config) {
        URI webhook = config.channels().slack().get(notification.recipient());
        if (webhook == null) {
            return CompletableFuture.failedFuture(new DeliveryException(
                    "no Slack channel named " + notification.recipient() + " in the on-call configuration",
                    false,
                    null));
        }
        return post.post("Slack", webhook, post.json(Messages.slack(notification, consoleUrl)), Map.of());
    }
}
