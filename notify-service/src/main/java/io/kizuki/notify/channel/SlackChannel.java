package io.kizuki.notify.channel;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.paging.Notification;
import io.kizuki.notify.service.ReactionNotes;

/**
 * Slack: a Block Kit message, through the team channel's incoming webhook (Slack answers {@code 200 ok}; 429 with
 * {@code Retry-After} when it rate-limits; 4xx for good), or, for a channel given by its id, through the Web API with
 * the app's bot token ({@link SlackWebApi}). A page posted with the bot token is found again
 * ({@code <channel id>/<ts>}, recorded on the ledger): when the incident is acknowledged or resolved, anywhere, the
 * page is changed in place to show it (who, the buttons left) and the announcement is a reply in its thread.
 */
@ApplicationScoped
public class SlackChannel implements Channel {

    private final JsonPost post;
    private final SlackWebApi api;
    private final URI consoleUrl;
    private final String reaction;

    public SlackChannel(JsonPost post, SlackWebApi api, NotifyConfig config) {
        this.post = post;
        this.api = api;
        this.consoleUrl = config.consoleUrl();
        this.reaction = config.slack().timelineReaction();
    }

    @Override
    public String name() {
        return Notification.SLACK;
    }

    @Override
    public CompletableFuture<String> attempt(Notification notification, OnCallConfig config) {
        switch (notification.purpose()) {
            case Notification.INCIDENT_CHANNEL -> {
                return incidentChannel(notification);
            }
            case Notification.INVITE -> {
                return api.call(
                                "conversations.invite",
                                Map.of(
                                        "channel",
                                        notification.webhook(),
                                        "users",
                                        notification
                                                .people()
                                                .getFirst()
                                                .person()
                                                .slack()))
                        .exceptionallyCompose(failure -> refused(failure, "already_in_channel")
                                ? CompletableFuture.completedFuture(null)
                                : CompletableFuture.failedFuture(failure))
                        .thenApply(Channel::unreferenced);
            }
            case Notification.TIMELINE -> {
                return api.call(
                                "chat.postMessage",
                                Map.of(
                                        "channel",
                                        notification.webhook(),
                                        "text",
                                        ":memo: " + Messages.slackText(notification.by())))
                        .thenApply(Channel::unreferenced);
            }
            default -> {
                // a page or an announcement: below
            }
        }
        URI target = notification.webhook() != null
                ? URI.create(notification.webhook())
                : config.channels().slack().get(notification.recipient());
        if (target == null) {
            return CompletableFuture.failedFuture(new DeliveryException(
                    "no Slack channel named " + notification.recipient() + " in the on-call configuration",
                    false,
                    null));
        }
        Map<String, Object> message = Messages.slack(notification, consoleUrl);
        Optional<String> channelId = OnCallConfig.Channels.slackChannelId(target);
        if (channelId.isEmpty()) {
            return post.post("Slack", target, post.json(message), Map.of()).thenApply(Channel::unreferenced);
        }
        String channel = channelId.get();
        List<String> pages = notification.updates().stream()
                .filter(ref -> ref.startsWith(channel + "/"))
                .toList();
        if (Notification.PAGE.equals(notification.purpose()) || pages.isEmpty()) {
            return api.call("chat.postMessage", with(message, "channel", channel, "unfurl_links", false))
                    .thenApply(answer -> channel + "/" + answer.path("ts").asText());
        }
        CompletableFuture<?> updated = CompletableFuture.completedFuture(null);
        for (String page : pages) {
            String ts = page.substring(channel.length() + 1);
            updated = updated.thenCompose(done -> api.call("chat.update", with(message, "channel", channel, "ts", ts)));
        }
        String thread = pages.getFirst().substring(channel.length() + 1);
        return updated.thenCompose(done -> api.call(
                        "chat.postMessage",
                        Map.of("channel", channel, "thread_ts", thread, "text", message.get("text"))))
                .thenApply(Channel::unreferenced);
    }

    /**
     * Creates the incident's channel (named after it; another name when Slack says the name is taken, as after an
     * attempt that created it but was not recorded), posts its summary and pins it: {@code <channel id>/<ts>}.
     */
    private CompletableFuture<String> incidentChannel(Notification notification) {
        String name = Messages.channelName(notification.incident());
        return api.call("conversations.create", Map.of("name", name))
                .exceptionallyCompose(failure -> refused(failure, "name_taken")
                        ? api.call("conversations.create", Map.of("name", Messages.channelName(name)))
                        : CompletableFuture.failedFuture(failure))
                .thenCompose(created -> {
                    String channel = created.path("channel").path("id").asText();
                    return api.call(
                                    "conversations.setPurpose",
                                    Map.of(
                                            "channel",
                                            channel,
                                            "purpose",
                                            ReactionNotes.PURPOSE + notification.incidentId()
                                                    + " (mark a message with :" + reaction
                                                    + ": to put it on the timeline)"))
                            .thenCompose(purposed -> api.call(
                                            "chat.postMessage",
                                            with(
                                                    Messages.incidentChannelSummary(notification, consoleUrl),
                                                    "channel",
                                                    channel,
                                                    "unfurl_links",
                                                    false))
                                    .thenCompose(posted -> {
                                        String ts = posted.path("ts").asText();
                                        return api.call("pins.add", Map.of("channel", channel, "timestamp", ts))
                                                .thenApply(pinned -> channel + "/" + ts);
                                    }));
                });
    }

    /** Whether an attempt failed because Slack answered this error. */
    private static boolean refused(Throwable failure, String error) {
        return DeliveryException.unwrap(failure) instanceof DeliveryException refusal
                && refusal.getMessage() != null
                && refusal.getMessage().endsWith(" answered " + error);
    }

    private static Map<String, Object> with(
            Map<String, Object> message, String name, Object value, String name2, Object value2) {
        Map<String, Object> body = new LinkedHashMap<>(message);
        body.put(name, value);
        body.put(name2, value2);
        return body;
    }
}
