package io.kizuki.notify.channel;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.chat.ActionLinks;
import io.kizuki.notify.config.LinkSettings;
import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.paging.Notification;

/**
 * Mattermost through a channel's incoming webhook (Slack-compatible text and message attachments). While the
 * incident is open the message carries buttons whose {@code context} holds a token signed for the incident and the
 * action ({@link ActionLinks#buttonToken}): Mattermost signs nothing it posts back, so the token is what tells a
 * button of Kizuki's from a forged request. Without action links configured, the message has no buttons.
 */
@ApplicationScoped
public class MattermostChannel implements Channel {

    /** Where Mattermost posts a click, under notify-service's public URL. */
    public static final String ACTIONS_PATH = "/api/v1/chat/mattermost/actions";

    private final JsonPost post;
    private final URI consoleUrl;
    private final Optional<ActionLinks> links;

    public MattermostChannel(JsonPost post, NotifyConfig config, LinkSettings links) {
        this.post = post;
        this.consoleUrl = config.consoleUrl();
        this.links = links.links();
    }

    @Override
    public String name() {
        return Notification.MATTERMOST;
    }

    @Override
    public CompletableFuture<String> attempt(Notification notification, OnCallConfig config) {
        URI webhook = config.channels().mattermost().get(notification.recipient());
        if (webhook == null) {
            return CompletableFuture.failedFuture(new DeliveryException(
                    "no Mattermost channel named " + notification.recipient() + " in the on-call configuration",
                    false,
                    null));
        }
        Instant now = Instant.now();
        URI actions = links.map(l -> l.publicUrl().resolve(ACTIONS_PATH)).orElse(consoleUrl);
        Map<String, Object> message = Messages.mattermost(
                notification,
                consoleUrl,
                actions,
                action -> links.flatMap(l -> l.buttonToken(notification.incidentId(), action, notification.id(), now)));
        return post.post("Mattermost", webhook, post.json(message), Map.of()).thenApply(Channel::unreferenced);
    }
}
