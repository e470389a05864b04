package io.kizuki.notify.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.kizuki.notify.channel.JsonPost;
import io.kizuki.notify.chat.ChatActions;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.chat.ChatRequest;
import io.kizuki.notify.chat.SlackRequests;
import io.kizuki.notify.chat.SlackSignature;
import io.kizuki.notify.chat.SlashCommandText;
import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.service.ChatRelay;
import io.kizuki.notify.service.ReactionNotes;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.ProductScope;
import io.smallrye.mutiny.Uni;

/**
 * Where a Slack app posts: buttons clicked on Kizuki's messages and the {@code /kizuki} slash command. Each request is
 * checked as Slack signs it ({@link SlackSignature}) before anything is read; the clicking member acts as the Kizuki
 * user their person names ({@link ChatRelay}). A click is answered at once (Slack waits 3 s) and its outcome posted to
 * the message's {@code response_url}; a slash command is answered with its outcome when it is decided within
 * {@link #SLASH_WAIT}, otherwise with "working on it" and the outcome through {@code response_url}.
 */
@Path("/api/v1/chat/slack")
@Tag(
        name = "Chat",
        description = "Acting from where the page arrives: Slack requests signed by Slack, e-mail action links")
@PermitAll
@APIResponse(
        responseCode = "401",
        description = "Not signed as Slack signs (X-Slack-Signature, X-Slack-Request-Timestamp within 5 minutes)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "404",
        description = "No Slack signing secret is configured",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "400",
        description = "Signed, but not what Slack sends (errors[0].field names the field)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SlackResource {

    private static final Logger LOG = Logger.getLogger(SlackResource.class);
    static final String VIA = "slack";
    /** Slack shows a timeout after 3 s; a slash command's decision is waited for this long. */
    static final Duration SLASH_WAIT = Duration.ofMillis(2_300);
    /** The longest body Slack sends (a message's blocks come back with a click). */
    static final int MAX_BODY = 256 * 1024;

    private final Optional<String> secret;
    private final ReactionNotes reactionNotes;
    private final ChatRelay relay;
    private final JsonPost post;
    private final SlackReplies replies;
    private final OnCallDirectory directory;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    public SlackResource(
            NotifyConfig config,
            ChatRelay relay,
            JsonPost post,
            OnCallDirectory directory,
            ReactionNotes reactionNotes) {
        this.secret = config.slack().signingSecret();
        this.relay = relay;
        this.reactionNotes = reactionNotes;
        this.post = post;
        this.replies = new SlackReplies(config.consoleUrl());
        this.directory = directory;
    }

    @POST
    @Path("/interactions")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "A button clicked on a Kizuki message in Slack",
            description = "application/x-www-form-urlencoded with payload = the block_actions JSON, as Slack posts "
                    + "it. Answered 200 at once; the outcome replaces the message (done) or is shown to the clicker "
                    + "alone (refused, not allowed) through the payload's response_url.")
    @APIResponse(responseCode = "200", description = "Taken; the outcome follows through response_url")
    public Response interaction(
            byte[] body,
            @HeaderParam(SlackSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(SlackSignature.SIGNATURE_HEADER) String signature) {
        verify(body, timestamp, signature, "/api/v1/chat/slack/interactions");
        Optional<SlackRequests.Interaction> clicked;
        try {
            clicked = SlackRequests.interaction(SlackRequests.form(body));
        } catch (SlackRequests.Unreadable e) {
            throw unreadable(e, "/api/v1/chat/slack/interactions");
        }
        clicked.ifPresent(interaction -> ChatActions.request(interaction.actionId(), interaction.value())
                .ifPresent(request -> work.execute(() -> click(interaction, request))));
        return Response.ok().build();
    }

    @POST
    @Path("/commands")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The /kizuki slash command",
            description = "application/x-www-form-urlencoded as Slack posts it (user_id, text, response_url, "
                    + "trigger_id). ack, resolve, lead, note, declare, oncall, help.")
    @APIResponse(
            responseCode = "200",
            description = "The outcome, or \"working on it\" and the outcome later through response_url",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public Uni<Response> command(
            byte[] body,
            @HeaderParam(SlackSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(SlackSignature.SIGNATURE_HEADER) String signature) {
        verify(body, timestamp, signature, "/api/v1/chat/slack/commands");
        SlackRequests.SlashCommand command;
        try {
            command = SlackRequests.slashCommand(SlackRequests.form(body));
        } catch (SlackRequests.Unreadable e) {
            throw unreadable(e, "/api/v1/chat/slack/commands");
        }
        CompletableFuture<ChatReply> reply = CompletableFuture.supplyAsync(
                () -> ChatRelay.guarded(() -> slash(command), "a Slack slash command"), work);
        ChatReply working = ChatReply.of(ChatReply.Kind.PENDING, "Working on it…");
        return Uni.createFrom()
                .completionStage(reply.copy().completeOnTimeout(working, SLASH_WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .map(answer -> {
                    if (answer == working) {
                        reply.thenAccept(later -> respond(command.responseUrl(), SlackReplies.slash(later)));
                    }
                    return Response.ok(SlackReplies.slash(answer), MediaType.APPLICATION_JSON)
                            .build();
                });
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "An event of the Slack app's Events API",
            description = "JSON as Slack posts it: url_verification is answered with its challenge; reaction_added "
                    + "with the timeline reaction on a message of an incident's own channel puts that message on the "
                    + "incident's timeline as the reacting person's note. Answered 200 at once.")
    @APIResponse(responseCode = "200", description = "Taken (or the challenge)")
    public Response event(
            byte[] body,
            @HeaderParam(SlackSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(SlackSignature.SIGNATURE_HEADER) String signature) {
        String path = "/api/v1/chat/slack/events";
        verify(body, timestamp, signature, path);
        SlackRequests.Event event;
        try {
            event = SlackRequests.event(body);
        } catch (SlackRequests.Unreadable e) {
            throw unreadable(e, path);
        }
        return switch (event) {
            case SlackRequests.Event.Challenge challenge ->
                Response.ok(Map.of("challenge", challenge.challenge()), MediaType.APPLICATION_JSON)
                        .build();
            case SlackRequests.Event.Reaction reaction -> {
                if (reaction.reaction().equals(reactionNotes.reaction())) {
                    reactionNotes.record(reaction.memberId(), reaction.channel(), reaction.ts());
                }
                yield Response.ok().build();
            }
            case SlackRequests.Event.Other other -> Response.ok().build();
        };
    }

    private void click(SlackRequests.Interaction interaction, ChatRequest.OnIncident request) {
        ChatReply reply = ChatRelay.guarded(
                () -> switch (relay.slackMember(interaction.memberId())) {
                    case ChatRelay.Refused refused -> refused.reply();
                    case ChatRelay.Linked linked ->
                        relay.act(linked.actor(), request, VIA, key(interaction), ChatRelay.LATE_DECISION_WAIT)
                                .join();
                },
                "a Slack click on " + request.incidentId());
        respond(interaction.responseUrl(), replies.click(interaction, request, reply, Instant.now()));
    }

    private ChatReply slash(SlackRequests.SlashCommand command) {
        SlashCommandText.Parsed parsed = SlashCommandText.parse(command.text());
        if (parsed instanceof SlashCommandText.NotUnderstood notUnderstood) {
            return ChatReply.of(ChatReply.Kind.INFORMATION, notUnderstood.why() + ". " + SlashCommandText.USAGE);
        }
        ChatRequest request = ((SlashCommandText.Understood) parsed).request();
        if (request instanceof ChatRequest.Help) {
            return ChatReply.of(ChatReply.Kind.INFORMATION, SlashCommandText.USAGE);
        }
        return switch (relay.slackMember(command.memberId())) {
            case ChatRelay.Refused refused -> refused.reply();
            case ChatRelay.Linked linked ->
                request instanceof ChatRequest.OnCall onCall
                        ? onCall(
                                directory,
                                onCall,
                                new ProductScope(linked.actor().account().products()))
                        : relay.act(linked.actor(), request, VIA, command.triggerId(), ChatRelay.LATE_DECISION_WAIT)
                                .join();
        };
    }

    /** Who is on call now in the schedules of the person's products (or the one they named). */
    static ChatReply onCall(OnCallDirectory directory, ChatRequest.OnCall request, ProductScope scope) {
        var config = directory.paging();
        var visible = OnCallResource.visible(config, scope);
        if (request.schedule() != null) {
            visible = visible.containsKey(request.schedule())
                    ? Map.of(request.schedule(), visible.get(request.schedule()))
                    : Map.of();
            if (visible.isEmpty()) {
                return ChatReply.of(ChatReply.Kind.INFORMATION, "No schedule " + request.schedule() + ".");
            }
        }
        List<OnCallResource.OnCall> now = OnCallResource.onCallAt(visible, config.people(), Instant.now());
        if (now.isEmpty()) {
            return ChatReply.of(ChatReply.Kind.INFORMATION, "No schedule pages for your products.");
        }
        StringBuilder text = new StringBuilder("On call now:");
        for (OnCallResource.OnCall entry : now) {
            text.append("\n• ")
                    .append(entry.name() == null ? entry.schedule() : entry.name())
                    .append(": ")
                    .append(
                            entry.person() == null
                                    ? "nobody"
                                    : (entry.personName() == null ? entry.person() : entry.personName()) + " until "
                                            + entry.shiftEnd());
        }
        return ChatReply.of(ChatReply.Kind.INFORMATION, text.toString());
    }

    /** Posts to a request's {@code response_url}, which Slack gives for 30 minutes and five answers. */
    private void respond(URI responseUrl, Map<String, Object> message) {
        post.post("Slack response_url", responseUrl, post.json(message), Map.of())
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.warnf("could not answer Slack at its response_url: %s", failure.getMessage());
                    }
                });
    }

    /** The same for Slack's retry of a click and different for a second click: the click's own timestamp. */
    private static String key(SlackRequests.Interaction interaction) {
        return String.join(
                "|", interaction.memberId(), interaction.actionId(), interaction.value(), interaction.actionTs());
    }

    private void verify(byte[] body, String timestamp, String signature, String path) {
        if (secret.isEmpty()) {
            throw new ProblemException(
                    Problem.of(404, "not-found", "Not found", "Slack is not configured (no signing secret)", path));
        }
        if (body.length > MAX_BODY) {
            throw new ProblemException(
                    Problem.of(413, "too-large", "Request too large", "a Slack request is at most 256 KiB", path));
        }
        SlackSignature.refusal(secret.get(), timestamp, signature, body, Instant.now())
                .ifPresent(why -> {
                    LOG.warnf("refused a request to %s not signed as Slack signs: %s", path, why);
                    throw new ProblemException(Problem.of(401, "unauthenticated", "Not signed by Slack", why, path)
                            .withErrors(List.of(new Problem.FieldError(
                                    why.startsWith(SlackSignature.TIMESTAMP_HEADER)
                                            ? SlackSignature.TIMESTAMP_HEADER
                                            : SlackSignature.SIGNATURE_HEADER,
                                    why))));
                });
    }

    private static ProblemException unreadable(SlackRequests.Unreadable e, String path) {
        return new ProblemException(Problem.of(400, "validation", "Not a Slack request", e.getMessage(), path)
                .withErrors(List.of(new Problem.FieldError(e.field(), e.getMessage()))));
    }

    @PreDestroy
    void close() {
        work.shutdownNow();
    }
}
