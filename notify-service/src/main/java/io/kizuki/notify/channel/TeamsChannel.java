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
 * Microsoft Teams through a Workflows webhook ("Post to a channel / a chat when a webhook request is received"),
 * which takes a message with an Adaptive Card: Teams' connectors are retired and a workflow posts no buttons that
 * call back. A card in a team channel links to the console; a page in a chat with one person also carries their own
 * signed links to acknowledge and resolve ({@link ActionLinks}, sent {@code via teams}).
 */
@ApplicationScoped
public class TeamsChannel implements Channel {

    /** The way in the ledger records for what a person does from a Teams card's link. */
    static final String VIA = "teams";

    private final JsonPost post;
    private final URI consoleUrl;
    private final Optional<ActionLinks> links;

    public TeamsChannel(JsonPost post, NotifyConfig config, LinkSettings links) {
        this.post = post;
        this.consoleUrl = config.consoleUrl();
        this.links = links.links();
    }

    @Override
    public String name() {
        return Notification.TEAMS;
    }

    @Override
    public CompletableFuture<String> attempt(Notification notification, OnCallConfig config) {
        boolean personal = notification.webhook() != null;
        String workflow = personal ? notification.webhook() : notification.recipient();
        URI url = config.channels().teams().get(workflow);
        if (url == null) {
            return CompletableFuture.failedFuture(new DeliveryException(
                    "no Teams workflow named " + workflow + " in the on-call configuration", false, null));
        }
        Map<String, URI> actions = personal && Notification.PAGE.equals(notification.purpose()) && links.isPresent()
                ? links.get()
                        .pageLinks(
                                notification.recipient(),
                                notification.incidentId(),
                                notification.id(),
                                VIA,
                                Instant.now())
                : Map.of();
        byte[] body = post.json(Messages.teams(notification, consoleUrl, actions));
        if (body.length > Messages.TEAMS_MAX_BYTES) {
            return CompletableFuture.failedFuture(new DeliveryException(
                    "the Teams card is " + body.length + " bytes, over Teams' " + Messages.TEAMS_MAX_BYTES,
                    false,
                    null));
        }
        return post.post("Teams", url, body, Map.of()).thenApply(Channel::unreferenced);
    }
}
