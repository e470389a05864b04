package io.kizuki.notify.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.notify.channel.DeliveryException;
import io.kizuki.notify.channel.SlackWebApi;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.chat.ChatRequest;
import io.kizuki.notify.config.NotifyConfig;

/**
 * A responder marks a message in an incident's own Slack channel with the timeline reaction (📌 by default): the
 * message's text goes on the incident's timeline as a note, with the responder as its actor, via Slack. The incident
 * is the one the channel's purpose names ({@link #PURPOSE}, set when Kizuki made the channel); the same message
 * marked again, by anyone, is one note.
 */
@ApplicationScoped
public class ReactionNotes {

    /** How a channel Kizuki made for an incident names it in its purpose. */
    public static final String PURPOSE = "Kizuki incident ";
    /** A note's longest text; a longer message is cut. */
    static final int MAX_TEXT = 4000;

    private static final Logger LOG = Logger.getLogger(ReactionNotes.class);
    private static final Pattern INCIDENT =
            Pattern.compile("^" + Pattern.quote(PURPOSE) + "([A-Za-z0-9._:-]{1,128})(?: |$)");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");

    /** Relaying waits for the decision: on virtual threads, never on the common pool. */
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    private final SlackWebApi slack;
    private final ChatRelay relay;
    private final String reaction;

    public ReactionNotes(SlackWebApi slack, ChatRelay relay, NotifyConfig config) {
        this.slack = slack;
        this.relay = relay;
        this.reaction = config.slack().timelineReaction();
    }

    /** The reaction that puts a message on the timeline, by its Slack name ({@code pushpin}). */
    public String reaction() {
        return reaction;
    }

    /** Records the message at {@code ts} of {@code channel} as a note, for the member who reacted. */
    public CompletableFuture<ChatReply> record(String member, String channel, String ts) {
        if (!slack.configured()) {
            return CompletableFuture.completedFuture(ChatReply.of(ChatReply.Kind.INFORMATION, "No bot token."));
        }
        return slack.call("conversations.info", Map.of("channel", channel))
                .thenCombine(
                        slack.call(
                                "conversations.history",
                                Map.of("channel", channel, "latest", ts, "oldest", ts, "inclusive", true, "limit", 1)),
                        (info, history) -> note(member, channel, ts, info, history))
                .thenCompose(reply -> reply)
                .whenComplete((reply, failure) -> {
                    if (reply != null && reply.kind() != ChatReply.Kind.DONE) {
                        LOG.infof("a Slack message marked in %s is not on a timeline: %s", channel, reply.text());
                    }
                })
                .exceptionally(failure -> {
                    LOG.warnf(
                            "could not put a marked Slack message on a timeline: %s",
                            DeliveryException.unwrap(failure).getMessage());
                    return ChatReply.of(ChatReply.Kind.UNAVAILABLE, "Slack could not be read; try again.");
                });
    }

    private CompletableFuture<ChatReply> note(
            String member, String channel, String ts, JsonNode info, JsonNode history) {
        Matcher incident = INCIDENT.matcher(
                info.path("channel").path("purpose").path("value").asText(""));
        Optional<String> text = Optional.ofNullable(history.path("messages").path(0))
                .filter(message -> ts.equals(message.path("ts").asText()))
                .map(message -> CONTROL.matcher(message.path("text").asText(""))
                        .replaceAll(" ")
                        .strip())
                .filter(message -> !message.isEmpty());
        if (!incident.find() || text.isEmpty()) {
            return CompletableFuture.completedFuture(
                    ChatReply.of(ChatReply.Kind.INFORMATION, "Not a message of an incident's channel."));
        }
        String note = text.get().length() <= MAX_TEXT ? text.get() : text.get().substring(0, MAX_TEXT - 1) + "…";
        return CompletableFuture.supplyAsync(
                () -> ChatRelay.guarded(
                        () -> switch (relay.slackMember(member)) {
                            case ChatRelay.Refused refused -> refused.reply();
                            case ChatRelay.Linked linked ->
                                relay.act(
                                                linked.actor(),
                                                new ChatRequest.Note(incident.group(1), note),
                                                "slack",
                                                "reaction|" + channel + "|" + ts,
                                                ChatRelay.LATE_DECISION_WAIT)
                                        .join();
                        },
                        "a Slack message marked for the timeline"),
                work);
    }
}
