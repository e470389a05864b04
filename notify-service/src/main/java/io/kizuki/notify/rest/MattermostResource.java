package io.kizuki.notify.rest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.notify.channel.MattermostChannel;
import io.kizuki.notify.channel.Messages;
import io.kizuki.notify.chat.ActionLinks;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.chat.ChatRequest;
import io.kizuki.notify.chat.SlackRequests;
import io.kizuki.notify.chat.SlashCommandText;
import io.kizuki.notify.config.LinkSettings;
import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.service.ChatRelay;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.ProductScope;
import io.smallrye.common.annotation.Blocking;

/**
 * Where Mattermost posts: a button of a Kizuki page clicked, and the {@code /kizuki} slash command. Mattermost signs
 * neither: a click is trusted only with the token Kizuki signed for that incident and action in the button's
 * {@code context} ({@link ActionLinks#buttonToken}), and a command only with the command's token, compared in
 * constant time. The clicking user (by user name, {@code mattermost:} in the on-call file) acts as their person's
 * Kizuki user ({@link ChatRelay}). Mattermost waits for the answer: the outcome is in it.
 */
@Path("/api/v1/chat/mattermost")
@Tag(
        name = "Chat",
        description = "Acting from where the page arrives: Slack requests signed by Slack, e-mail action links")
@PermitAll
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@APIResponse(
        responseCode = "401",
        description = "Not a button Kizuki made, or not the command's token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "404",
        description = "Mattermost's buttons (action links) or command token are not configured",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class MattermostResource {

    static final String VIA = "mattermost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USER_NAME = Pattern.compile("[a-z][a-z0-9._-]{2,21}");

    private final ChatRelay relay;
    private final Optional<ActionLinks> links;
    private final Optional<String> commandToken;
    private final URI consoleUrl;
    private final OnCallDirectory directory;

    public MattermostResource(ChatRelay relay, LinkSettings links, NotifyConfig config, OnCallDirectory directory) {
        this.relay = relay;
        this.directory = directory;
        this.links = links.links();
        this.commandToken = config.mattermost().commandToken();
        this.consoleUrl = config.consoleUrl();
    }

    @POST
    @Path("/actions")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "A button of a Kizuki page clicked in Mattermost",
            description = "JSON as Mattermost posts it (user_id, user_name, post_id, trigger_id, context with the "
                    + "token Kizuki signed). Answers with the updated post, or a message to the clicker alone.")
    @APIResponse(responseCode = "200", description = "update (done) or ephemeral_text")
    public Map<String, Object> action(byte[] body) {
        String path = "/api/v1/chat/mattermost/actions";
        ActionLinks signer = links.orElseThrow(() -> new ProblemException(Problem.of(
                404, "not-found", "Not found", "Mattermost buttons need action links (a secret, a public URL)", path)));
        JsonNode click = json(body, path);
        String userName = click.path("user_name").asText("");
        if (!USER_NAME.matcher(userName).matches()) {
            throw invalid(path, "user_name", "is not a Mattermost user name");
        }
        ActionLinks.Claim claim;
        try {
            claim = signer.verify(click.path("context").path("token").asText(null), Instant.now());
        } catch (ActionLinks.Refused refused) {
            throw new ProblemException(
                    Problem.of(401, "unauthenticated", "Not a Kizuki button", refused.getMessage(), path)
                            .withErrors(List.of(new Problem.FieldError("context.token", refused.getMessage()))));
        }
        if (!ActionLinks.ANYONE.equals(claim.person())) {
            throw new ProblemException(
                    Problem.of(401, "unauthenticated", "Not a Kizuki button", "the token is not a button's", path));
        }
        String trigger = click.path("trigger_id").asText("");
        String key = String.join(
                "|",
                claim.id(),
                userName,
                claim.action(),
                claim.incidentId(),
                trigger.isEmpty() ? UUID.randomUUID().toString() : trigger);
        ChatReply reply = ChatRelay.guarded(
                () -> switch (relay.mattermostUser(userName)) {
                    case ChatRelay.Refused refused -> refused.reply();
                    case ChatRelay.Linked linked ->
                        relay.act(linked.actor(), claim.request(), VIA, key).join();
                },
                "a Mattermost click on " + claim.incidentId());
        if (reply.kind() != ChatReply.Kind.DONE || reply.status() == null) {
            return Map.of("ephemeral_text", Messages.markdownText(reply.text()));
        }
        return Map.of("update", update(signer, claim, userName, reply));
    }

    /** The post after a click: what was done, by whom, and the buttons for the incident's new status. */
    private Map<String, Object> update(ActionLinks signer, ActionLinks.Claim claim, String userName, ChatReply reply) {
        Instant now = Instant.now();
        List<Map<String, Object>> actions = Messages.mattermostActions(
                reply.status(),
                0,
                signer.publicUrl().resolve(MattermostChannel.ACTIONS_PATH),
                action -> signer.buttonToken(claim.incidentId(), action, claim.id() + "|" + action, now));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("fallback", reply.text());
        attachment.put("title", "Incident " + claim.incidentId());
        attachment.put("title_link", Messages.link(consoleUrl, claim.incidentId()));
        if (!actions.isEmpty()) {
            attachment.put("actions", actions);
        }
        return Map.of(
                "message",
                ":white_check_mark: " + Messages.markdownText(reply.text()) + " by @" + userName + " via Mattermost at "
                        + now.truncatedTo(ChronoUnit.SECONDS),
                "props",
                Map.of("attachments", List.of(attachment)));
    }

    @POST
    @Path("/commands")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "The /kizuki slash command in Mattermost",
            description = "application/x-www-form-urlencoded as Mattermost posts it (token, user_name, text). "
                    + "ack, resolve, lead, note, declare, oncall, help.")
    @APIResponse(responseCode = "200", description = "The outcome: response_type and text")
    public Map<String, Object> command(byte[] body) {
        String path = "/api/v1/chat/mattermost/commands";
        String expected = commandToken.orElseThrow(() -> new ProblemException(
                Problem.of(404, "not-found", "Not found", "Mattermost's command token is not configured", path)));
        Map<String, String> form;
        try {
            form = SlackRequests.form(body);
        } catch (SlackRequests.Unreadable e) {
            throw invalid(path, e.field(), e.getMessage());
        }
        String token = form.getOrDefault("token", "");
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(
                    Problem.of(401, "unauthenticated", "Not the command's token", "token is not the command's", path)
                            .withErrors(List.of(new Problem.FieldError("token", "is not the command's"))));
        }
        String userName = form.getOrDefault("user_name", "");
        if (!USER_NAME.matcher(userName).matches()) {
            throw invalid(path, "user_name", "is not a Mattermost user name");
        }
        String trigger = form.getOrDefault("trigger_id", "");
        SlashCommandText.Parsed parsed = SlashCommandText.parse(form.getOrDefault("text", ""));
        ChatReply reply;
        if (parsed instanceof SlashCommandText.NotUnderstood notUnderstood) {
            reply = ChatReply.of(ChatReply.Kind.INFORMATION, notUnderstood.why() + ". " + SlashCommandText.USAGE);
        } else {
            ChatRequest request = ((SlashCommandText.Understood) parsed).request();
            if (request instanceof ChatRequest.Help) {
                reply = ChatReply.of(ChatReply.Kind.INFORMATION, SlashCommandText.USAGE);
            } else {
                reply = ChatRelay.guarded(
                        () -> switch (relay.mattermostUser(userName)) {
                            case ChatRelay.Refused refused -> refused.reply();
                            case ChatRelay.Linked linked
                            when request instanceof ChatRequest.OnCall onCall ->
                                SlackResource.onCall(
                                        directory,
                                        onCall,
                                        new ProductScope(
                                                linked.actor().account().products()));
                            case ChatRelay.Linked linked ->
                                relay.act(
                                                linked.actor(),
                                                request,
                                                VIA,
                                                trigger.isEmpty()
                                                        ? UUID.randomUUID().toString()
                                                        : trigger)
                                        .join();
                        },
                        "a Mattermost slash command");
            }
        }
        return Map.of(
                "response_type",
                reply.kind() == ChatReply.Kind.DONE ? "in_channel" : "ephemeral",
                "text",
                Messages.markdownText(reply.text()));
    }

    private static JsonNode json(byte[] body, String path) {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw invalid(path, "body", "is not a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw invalid(path, "body", "is not JSON");
        } catch (IOException e) {
            throw invalid(path, "body", "cannot be read");
        }
    }

    private static ProblemException invalid(String path, String field, String detail) {
        return new ProblemException(
                Problem.of(400, "validation", "Not a Mattermost request", field + " " + detail, path)
                        .withErrors(List.of(new Problem.FieldError(field, detail))));
    }
}
