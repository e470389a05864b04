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
 * Push to a person's phone through an ntfy server (self-hostable; open apps for Android and iOS): a message published
 * as JSON to the person's topic with the deployment's access token. A page carries buttons that acknowledge or
 * resolve through the person's own signed one-time links ({@link ActionLinks}, sent {@code via push}): the
 * notification holds no token that could do anything else. ntfy answers 200; 429 when it rate-limits; 401/403 for a
 * token it refuses (tried again: a credential's failure says nothing about the page); other 4xx for good.
 */
@ApplicationScoped
public class PushChannel implements Channel {

    /** The way in the ledger records for what a person does from a push's button. */
    static final String VIA = "push";

    private final JsonPost post;
    private final URI consoleUrl;
    private final Optional<URI> server;
    private final Optional<String> token;
    private final Optional<ActionLinks> links;

    public PushChannel(JsonPost post, NotifyConfig config, LinkSettings links) {
        this.post = post;
        this.consoleUrl = config.consoleUrl();
        this.server = config.ntfy().url();
        this.token = config.ntfy().token().filter(value -> !value.isBlank());
        this.links = links.links();
    }

    @Override
    public String name() {
        return Notification.PUSH;
    }

    @Override
    public CompletableFuture<String> attempt(Notification notification, OnCallConfig config) {
        if (server.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("no ntfy server is configured (KIZUKI_NTFY_URL)", false, null));
        }
        String person = notification.recipient();
        Map<String, URI> actions = Notification.PAGE.equals(notification.purpose()) && links.isPresent()
                ? links.get().pageLinks(person, notification.incidentId(), notification.id(), VIA, Instant.now())
                : Map.of();
        String topic = notification.people().getFirst().person().push();
        Map<String, String> headers =
                token.map(value -> Map.of("Authorization", "Bearer " + value)).orElse(Map.of());
        return post.post(
                        "ntfy",
                        server.get(),
                        post.json(Messages.push(notification, topic, consoleUrl, actions)),
                        headers)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        DeliveryException.credentialsRetried(failure, "its access token")))
                .thenApply(Channel::unreferenced);
    }
}
