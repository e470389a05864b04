package io.kizuki.notify.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.kizuki.ledger.StableId;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.notify.channel.Telephony;
import io.kizuki.notify.channel.Twiml;
import io.kizuki.notify.channel.VoiceChannel;
import io.kizuki.notify.chat.ActionLinks;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.chat.ChatRequest;
import io.kizuki.notify.chat.SlackRequests;
import io.kizuki.notify.chat.TwilioSignature;
import io.kizuki.notify.config.LinkSettings;
import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.paging.Notification;
import io.kizuki.notify.service.ChatRelay;
import io.kizuki.notify.service.CommandSender;
import io.kizuki.notify.service.PageNumbers;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.smallrye.common.annotation.Blocking;

/**
 * What people answer from their phone: a key pressed in a page's call, and a text replied to a page ({@code ack 12},
 * {@code res 12}, {@code esc 12}, naming the person's page number). Both come from the telephony provider, signed as
 * Twilio signs ({@link TwilioSignature}: {@code X-Twilio-Signature}, or {@code X-Kizuki-Signature} from an SMS gateway
 * with its own secret) over the public URL the provider requested and the form it posted; anything else is refused
 * and nothing is done. The answer is TwiML: what was done, read out or texted back. A page's call that ended
 * unanswered is recorded as a failed page, as a way that failed for good is.
 */
@Path("/api/v1/telephony")
@Tag(name = "Telephony", description = "Keys pressed in page calls and text replies, signed by the provider")
@PermitAll
public class TelephonyResource {

    private static final Logger LOG = Logger.getLogger(TelephonyResource.class);
    static final String TWILIO_SIGNATURE = "X-Twilio-Signature";
    static final String GATEWAY_SIGNATURE = "X-Kizuki-Signature";
    /** The most a provider's request may hold. */
    static final int MAX_BODY = 64 * 1024;
    /** A reply: what to do, and the page number. */
    static final Pattern REPLY = Pattern.compile(
            "\\s*(ack|acknowledge|res|resolve|esc|escalate)\\s+([0-9]{1,3})\\s*", Pattern.CASE_INSENSITIVE);

    /** How a call ends when nobody took it: Twilio's final call statuses other than {@code completed}. */
    static final Set<String> UNANSWERED = Set.of("busy", "no-answer", "failed", "canceled");
    /** How long the ledger's producer may take an unanswered call's record. */
    static final Duration COMMAND_WAIT = Duration.ofSeconds(10);

    private final Telephony telephony;
    private final CommandSender commands;
    private final boolean twilio;
    private final Optional<ActionLinks> links;
    private final ChatRelay relay;
    private final OnCallDirectory directory;
    private final PageNumbers numbers;
    private final int repliesPerMinute;
    /** Per number, when its texts of the last minute came ({@link System#nanoTime}). */
    private final Map<String, Deque<Long>> replies = new ConcurrentHashMap<>();

    public TelephonyResource(
            Telephony telephony,
            NotifyConfig config,
            LinkSettings links,
            ChatRelay relay,
            OnCallDirectory directory,
            PageNumbers numbers,
            CommandSender commands) {
        this.telephony = telephony;
        this.commands = commands;
        this.twilio = "twilio".equals(config.telephony().provider());
        this.links = links.links();
        this.relay = relay;
        this.directory = directory;
        this.numbers = numbers;
        this.repliesPerMinute = config.telephony().repliesPerMinute();
    }

    @POST
    @Path("/voice/{token}")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_XML, Problem.MEDIA_TYPE})
    @Operation(
            summary = "A key pressed in a page's call",
            description = "application/x-www-form-urlencoded as Twilio's <Gather> posts it (Digits, From, To, "
                    + "CallSid), signed. 4 acknowledges, 6 resolves, 5 escalates, as the person called; the same "
                    + "key again changes nothing. 401 without a valid signature; 400 for a token not made here.")
    @APIResponse(responseCode = "200", description = "TwiML that says what was done")
    public Response key(
            @PathParam("token") String token,
            byte[] body,
            @HeaderParam(TWILIO_SIGNATURE) String twilioSignature,
            @HeaderParam(GATEWAY_SIGNATURE) String gatewaySignature) {
        String path = VoiceChannel.KEYPAD_PATH + token;
        Map<String, String> form = verified(path, body, twilioSignature, gatewaySignature);
        ActionLinks.Claim claim = call(token, path);
        String digits = form.getOrDefault("Digits", "");
        Optional<ChatRequest.OnIncident> request = claim.key(digits);
        if (request.isEmpty()) {
            return twiml(Twiml.say("That key does nothing. Goodbye."));
        }
        ChatReply reply = act(
                claim.person(),
                request.get(),
                "voice",
                String.join("|", claim.id(), claim.person(), claim.incidentId(), digits));
        return twiml(Twiml.say(reply.text()));
    }

    @POST
    @Path("/voice/{token}/status")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_XML, Problem.MEDIA_TYPE})
    @Operation(
            summary = "How a page's call ended",
            description = "application/x-www-form-urlencoded as Twilio posts a call's status callback (CallSid, "
                    + "CallStatus, To), signed, at the address the call was made with (its notification named in "
                    + "the query and digested in the token). busy, no-answer, failed or canceled: the page failed, "
                    + "recorded on the ledger once (notification-failed), and the person's next step comes at once; "
                    + "completed and the rest change nothing. 401 without a valid signature; 400 for a token not "
                    + "made here; 503 when the ledger cannot take the record now (the provider may post again).")
    @APIResponse(responseCode = "200", description = "Empty TwiML: taken")
    @APIResponse(responseCode = "503", description = "The ledger did not take the record in time")
    public Response status(
            @PathParam("token") String token,
            @QueryParam(VoiceChannel.NOTIFICATION) String notification,
            @Context UriInfo uri,
            byte[] body,
            @HeaderParam(TWILIO_SIGNATURE) String twilioSignature,
            @HeaderParam(GATEWAY_SIGNATURE) String gatewaySignature) {
        String path = VoiceChannel.KEYPAD_PATH + token + VoiceChannel.STATUS_SUFFIX;
        String query = uri.getRequestUri().getRawQuery();
        Map<String, String> form =
                verified(query == null ? path : path + "?" + query, body, twilioSignature, gatewaySignature);
        ActionLinks.Claim claim = call(token, path);
        if (!claim.madeFor(notification)) {
            throw new ProblemException(Problem.of(
                            400,
                            "invalid-request",
                            "Not a call's status",
                            "the notification is not the one the call's token was made for",
                            path)
                    .withErrors(List.of(new Problem.FieldError(VoiceChannel.NOTIFICATION, "not the token's"))));
        }
        String status = form.getOrDefault("CallStatus", "");
        if (!UNANSWERED.contains(status)) {
            return twiml(Twiml.empty());
        }
        int level = Integer.parseInt(claim.action().substring(ActionLinks.KEYPAD.length()));
        RecordDelivery failed = new RecordDelivery(
                claim.incidentId(),
                notification,
                Notification.VOICE,
                claim.person(),
                Notification.PAGE,
                level,
                false,
                1,
                "the call was not answered (" + status + ")",
                false,
                Instant.now(),
                List.of(),
                null);
        try {
            commands.send(StableId.of(notification, "call-ended"), failed)
                    .get(COMMAND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("the ledger did not take an unanswered call of %s in time: %s", claim.incidentId(), e);
            return Response.status(503)
                    .header("Retry-After", "5")
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(503, "unavailable", "Not recorded", "the ledger did not take it in time", path))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        LOG.infof(
                "a page's call for %s was not answered (%s): the person's next step comes now",
                claim.incidentId(), status);
        return twiml(Twiml.empty());
    }

    @POST
    @Path("/sms")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_XML, Problem.MEDIA_TYPE})
    @Operation(
            summary = "A text replied to a page",
            description = "application/x-www-form-urlencoded as Twilio posts an incoming message (From, Body, "
                    + "MessageSid), signed. ack 12, res 12 or esc 12 acts on the page the person's number 12 names, "
                    + "as the person whose sms or voice number sent it; the same reply again changes nothing. 401 "
                    + "without a valid signature; 429 when a number sends more than its limit in a minute.")
    @APIResponse(responseCode = "200", description = "TwiML with the answer texted back")
    @APIResponse(responseCode = "429", description = "Too many texts from that number this minute")
    public Response reply(
            byte[] body,
            @HeaderParam(TWILIO_SIGNATURE) String twilioSignature,
            @HeaderParam(GATEWAY_SIGNATURE) String gatewaySignature) {
        String path = "/api/v1/telephony/sms";
        Map<String, String> form = verified(path, body, twilioSignature, gatewaySignature);
        String from = form.getOrDefault("From", "");
        if (!limit(from)) {
            return Response.status(429)
                    .header("Retry-After", "60")
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(
                            429,
                            "too-many-requests",
                            "Too many texts",
                            "at most " + repliesPerMinute + " a minute",
                            path))
                    .build();
        }
        Optional<String> person = directory.paging().people().entrySet().stream()
                .filter(entry -> !from.isEmpty()
                        && (from.equals(entry.getValue().sms())
                                || from.equals(entry.getValue().voice())))
                .map(Map.Entry::getKey)
                .findFirst();
        if (person.isEmpty()) {
            LOG.infof("a text from a number no person has was answered and ignored");
            return twiml(Twiml.message("This number is not on call in Kizuki. Nothing was done."));
        }
        Matcher matcher = REPLY.matcher(form.getOrDefault("Body", ""));
        if (!matcher.matches()) {
            return twiml(Twiml.message("Kizuki: reply ack N, res N or esc N with the page's number N."));
        }
        int number = Integer.parseInt(matcher.group(2));
        Optional<PageNumbers.Held> page = numbers.find(person.get(), number);
        if (page.isEmpty()) {
            return twiml(Twiml.message(
                    numbers.ready()
                            ? "Kizuki: you have no page " + number + ". Nothing was done."
                            : "Kizuki is starting; reply again in a minute."));
        }
        String verb = matcher.group(1).toLowerCase(Locale.ROOT).substring(0, 3);
        String incidentId = page.get().incidentId();
        ChatRequest.OnIncident request =
                switch (verb) {
                    case "ack" -> new ChatRequest.Acknowledge(incidentId);
                    case "res" -> new ChatRequest.Resolve(incidentId);
                    default -> new ChatRequest.Escalate(incidentId, page.get().level());
                };
        ChatReply reply = act(
                person.get(),
                request,
                "sms",
                String.join(
                        "|",
                        person.get(),
                        Integer.toString(number),
                        page.get().at().toString(),
                        verb));
        return twiml(Twiml.message("Kizuki: " + reply.text()));
    }

    private ChatReply act(String person, ChatRequest.OnIncident request, String via, String key) {
        return ChatRelay.guarded(
                () -> switch (relay.person(person)) {
                    case ChatRelay.Refused refused -> refused.reply();
                    case ChatRelay.Linked linked ->
                        relay.act(linked.actor(), request, via, key).join();
                },
                "a " + via + " answer for " + request.incidentId());
    }

    /** The claim of a call's token (400 for one not made here or not a call's, 410 when it expired). */
    private ActionLinks.Claim call(String token, String path) {
        ActionLinks.Claim claim;
        try {
            claim = links.orElseThrow(() -> new ActionLinks.Refused("action links are not set up here", false))
                    .verify(token, Instant.now());
        } catch (ActionLinks.Refused refused) {
            throw new ProblemException(Problem.of(
                            refused.expired() ? 410 : 400,
                            "invalid-token",
                            "Not a call's keys",
                            refused.getMessage(),
                            path)
                    .withErrors(List.of(new Problem.FieldError("token", refused.getMessage()))));
        }
        if (!claim.action().startsWith(ActionLinks.KEYPAD)) {
            throw new ProblemException(
                    Problem.of(400, "invalid-token", "Not a call's keys", "the token is not a call's", path)
                            .withErrors(List.of(new Problem.FieldError("token", "not a call's"))));
        }
        return claim;
    }

    /** The form, if the provider signed it; else a 401 (404 with no provider, 413 too large, 400 unreadable). */
    private Map<String, String> verified(String path, byte[] body, String twilioSignature, String gatewaySignature) {
        Optional<String> key = telephony.provider().flatMap(Telephony.Provider::signingKey);
        if (key.isEmpty() || links.isEmpty()) {
            throw new ProblemException(Problem.of(
                    404,
                    "not-found",
                    "Not found",
                    "no telephony provider (with a key and a public URL) is set up",
                    path));
        }
        if (body.length > MAX_BODY) {
            throw new ProblemException(
                    Problem.of(413, "too-large", "Request too large", "a provider's request is at most 64 KiB", path));
        }
        Map<String, String> form;
        try {
            form = SlackRequests.form(body);
        } catch (SlackRequests.Unreadable e) {
            throw new ProblemException(Problem.of(400, "invalid-request", "Unreadable request", e.getMessage(), path)
                    .withErrors(List.of(new Problem.FieldError("body", e.getMessage()))));
        }
        String header = twilio ? TWILIO_SIGNATURE : GATEWAY_SIGNATURE;
        String signature = twilio ? twilioSignature : gatewaySignature;
        URI url = links.get().publicUrl().resolve(path);
        if (!TwilioSignature.verify(key.get(), url.toString(), new ArrayList<>(form.entrySet()), signature)) {
            LOG.warnf("refused a request to %s not signed by the telephony provider", path);
            throw new ProblemException(
                    Problem.of(401, "unauthenticated", "Not signed by the provider", header + " does not match", path)
                            .withErrors(List.of(new Problem.FieldError(header, "does not match"))));
        }
        for (var field : form.entrySet()) {
            if (field.getValue().chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                throw new ProblemException(Problem.of(
                                400,
                                "invalid-request",
                                "Invalid request",
                                field.getKey() + " holds control characters",
                                path)
                        .withErrors(List.of(new Problem.FieldError(field.getKey(), "holds control characters"))));
            }
        }
        return form;
    }

    /** Whether the number may send one more text: at most {@code repliesPerMinute} in any 60 s. */
    private boolean limit(String from) {
        long now = System.nanoTime();
        long minute = Duration.ofMinutes(1).toNanos();
        if (replies.size() > 10_000) {
            replies.values().removeIf(times -> {
                synchronized (times) {
                    return times.isEmpty() || now - times.peekLast() > minute;
                }
            });
        }
        Deque<Long> times = replies.computeIfAbsent(from, number -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() > minute) {
                times.pollFirst();
            }
            if (times.size() >= repliesPerMinute) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    private static Response twiml(String xml) {
        return Response.ok(xml, "application/xml; charset=utf-8").build();
    }
}
