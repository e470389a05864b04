package io.kizuki.notify.rest;

import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.notify.chat.ActionLinks;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.config.LinkSettings;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.service.ChatRelay;
import io.smallrye.common.annotation.Blocking;

/**
 * The pages behind an e-mail's action links ({@link ActionLinks}). Opening a link only shows what it would do and a
 * button (a GET never acts: mail scanners and prefetchers open links); the button posts to the same address and acts
 * as the person the link was sent to, with their own Kizuki user's roles ({@link ChatRelay}). Both answer HTML pages,
 * for a person in a browser.
 */
@Path("/api/v1/chat/links/{token}")
@Tag(
        name = "Chat",
        description = "Acting from where the page arrives: Slack requests signed by Slack, e-mail action links")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ActionLinkResource {

    private final Optional<ActionLinks> links;
    private final ChatRelay relay;
    private final OnCallDirectory directory;

    public ActionLinkResource(LinkSettings links, ChatRelay relay, OnCallDirectory directory) {
        this.links = links.links();
        this.relay = relay;
        this.directory = directory;
    }

    @GET
    @Operation(
            summary = "What an action link would do, and a button to do it",
            description = "Changes nothing. 400 for a link not made by Kizuki or changed, 410 once expired, 404 "
                    + "when links are not configured.")
    @APIResponse(responseCode = "200", description = "The confirmation page")
    public Response confirm(@PathParam("token") String token) {
        ActionLinks.Claim claim;
        try {
            claim = claim(token);
        } catch (ActionLinks.Refused refused) {
            return unusable(refused);
        }
        var person = directory.paging().people().get(claim.person());
        String who = person == null || person.name() == null ? claim.person() : person.name();
        String verb = ActionLinks.ACKNOWLEDGE.equals(claim.action()) ? "Acknowledge" : "Resolve";
        return page(
                200,
                verb + " " + claim.incidentId() + "?",
                verb + " incident " + claim.incidentId() + " as " + who + ". The link works until " + claim.expires()
                        + ".",
                verb);
    }

    @POST
    @Blocking
    @Operation(
            summary = "Do what an action link says, as the person it was sent to",
            description = "Acts at most once per link: the same link again changes nothing and says what the "
                    + "incident is.")
    @APIResponse(responseCode = "200", description = "Done, or nothing to change")
    @APIResponse(
            responseCode = "403",
            description = "The person is not linked to a responder of the incident's product")
    @APIResponse(responseCode = "409", description = "Refused: the incident is already acknowledged, resolved …")
    public Response act(@PathParam("token") String token) {
        ActionLinks.Claim claim;
        try {
            claim = claim(token);
        } catch (ActionLinks.Refused refused) {
            return unusable(refused);
        }
        ChatReply reply = ChatRelay.guarded(
                () -> switch (relay.person(claim.person())) {
                    case ChatRelay.Refused refused -> refused.reply();
                    case ChatRelay.Linked linked ->
                        relay.act(
                                        linked.actor(),
                                        claim.request(),
                                        claim.via(),
                                        String.join(
                                                "|", claim.id(), claim.person(), claim.incidentId(), claim.action()))
                                .join();
                },
                "an action link for " + claim.incidentId());
        int status =
                switch (reply.kind()) {
                    case DONE, UNCHANGED, INFORMATION -> 200;
                    case PENDING -> 202;
                    case REFUSED -> 409;
                    case NOT_ALLOWED -> 403;
                    case UNAVAILABLE -> 503;
                };
        return page(status, reply.kind() == ChatReply.Kind.DONE ? "Done" : "Kizuki", reply.text(), null);
    }

    private Response unusable(ActionLinks.Refused refused) {
        int status = links.isEmpty() ? 404 : refused.expired() ? 410 : 400;
        return page(status, "This link cannot be used", refused.getMessage(), null);
    }

    private ActionLinks.Claim claim(String token) {
        ActionLinks.Claim claim = links.orElseThrow(
                        () -> new ActionLinks.Refused("Action links are not set up here.", false))
                .verify(token, Instant.now());
        if (ActionLinks.ANYONE.equals(claim.person())
                || !(ActionLinks.ACKNOWLEDGE.equals(claim.action()) || ActionLinks.RESOLVE.equals(claim.action()))) {
            throw new ActionLinks.Refused("This is not a Kizuki action link.", false);
        }
        return claim;
    }

    /** A small HTML page: every text escaped; {@code button} posts the form to the same address. */
    static Response page(int status, String title, String text, String button) {
        StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><title>Kizuki: ")
                .append(escape(title))
                .append("</title></head><body><h1>")
                .append(escape(title))
                .append("</h1><p>")
                .append(escape(text))
                .append("</p>");
        if (button != null) {
            html.append("<form method=\"post\"><button type=\"submit\">")
                    .append(escape(button))
                    .append("</button></form>");
        }
        html.append("</body></html>\n");
        Response.ResponseBuilder response =
                Response.status(status).entity(html.toString()).type("text/html; charset=utf-8");
        return status == 503 ? response.header("Retry-After", "30").build() : response.build();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
