package io.kizuki.notify.service;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AddTimelineEntry;
import io.kizuki.ledger.command.AssignRole;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.DeclareIncident;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.chat.ChatReply.Kind;
import io.kizuki.notify.chat.ChatRequest;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;

/**
 * Acts for a person from chat. The chat member is looked up in the on-call file ({@code slack:} of a person), the
 * person's {@code user:} in Keycloak ({@link KeycloakAccounts}): only a linked, enabled user with the role
 * {@code responder} acts, and only on their own products, which go with the command as a console's would. The
 * command is relayed with notify-service's token ({@code chat-relay}) naming the user and the way in; the decider
 * records the user as the actor. Nothing is sent for a person who may not act, and a failure to ask Keycloak is
 * answered "try again", never as a refusal.
 */
@ApplicationScoped
public class ChatRelay {

    private static final Logger LOG = Logger.getLogger(ChatRelay.class);
    static final String RESPONDER = "responder";
    /** How long a person's decision is waited for before the answer says it is on its way. */
    static final Duration DECISION_WAIT = Duration.ofSeconds(10);
    /**
     * How long a decision is waited for where the answer can come later (Slack's {@code response_url}, valid 30
     * minutes): a storm that slows decisions down still ends with the outcome, not "on its way".
     */
    public static final Duration LATE_DECISION_WAIT = Duration.ofMinutes(2);

    private final OnCallDirectory directory;
    private final KeycloakAccounts accounts;
    private final CommandSender commands;
    private final CommandResults results;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    public ChatRelay(
            OnCallDirectory directory, KeycloakAccounts accounts, CommandSender commands, CommandResults results) {
        this.directory = directory;
        this.accounts = accounts;
        this.commands = commands;
        this.results = results;
    }

    /**
     * What {@code work} answers, or "try again" when it fails unexpectedly (logged): a person acting from chat is never
     * answered with an error page, and nothing is decided for them.
     */
    public static ChatReply guarded(Supplier<ChatReply> work, String what) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s could not be acted on", what);
            return ChatReply.of(Kind.UNAVAILABLE, "Kizuki could not act on this right now. Try again.");
        }
    }

    /** A person linked to a Kizuki user, as chat finds them. */
    public record Actor(String personId, OnCallConfig.Person person, KeycloakAccounts.Account account) {}

    /** The person a chat member is, or why they may not act (a {@link Kind#NOT_ALLOWED} reply). */
    public sealed interface Found {}

    public record Linked(Actor actor) implements Found {}

    public record Refused(ChatReply reply) implements Found {}

    /** Finds who a Slack member is; blocks while Keycloak is asked. */
    public Found slackMember(String memberId) {
        Optional<Map.Entry<String, OnCallConfig.Person>> person = directory.paging().people().entrySet().stream()
                .filter(entry -> memberId.equals(entry.getValue().slack()))
                .findFirst();
        if (person.isEmpty()) {
            return new Refused(ChatReply.of(
                    Kind.NOT_ALLOWED,
                    "Your Slack account (" + memberId + ") is not linked to anyone in Kizuki's on-call configuration. "
                            + "Ask an administrator to add it as slack: to your person there, with user: your Kizuki "
                            + "user name."));
        }
        return linked(person.get().getKey(), person.get().getValue(), "Your Slack account");
    }

    /** Finds who a Mattermost user (by user name) is; blocks while Keycloak is asked. */
    public Found mattermostUser(String userName) {
        Optional<Map.Entry<String, OnCallConfig.Person>> person = directory.paging().people().entrySet().stream()
                .filter(entry -> userName.equals(entry.getValue().mattermost()))
                .findFirst();
        if (person.isEmpty()) {
            return new Refused(ChatReply.of(
                    Kind.NOT_ALLOWED,
                    "Your Mattermost user (" + userName + ") is not linked to anyone in Kizuki's on-call "
                            + "configuration. Ask an administrator to add it as mattermost: to your person there, "
                            + "with user: your Kizuki user name."));
        }
        return linked(person.get().getKey(), person.get().getValue(), "Your Mattermost user");
    }

    /** Finds a person of the on-call file by id (an action link names one); blocks while Keycloak is asked. */
    public Found person(String personId) {
        OnCallConfig.Person person = directory.paging().people().get(personId);
        if (person == null) {
            return new Refused(ChatReply.of(
                    Kind.NOT_ALLOWED, "This link is for someone no longer in Kizuki's on-call configuration."));
        }
        return linked(personId, person, "This link");
    }

    private Found linked(String personId, OnCallConfig.Person person, String what) {
        String user = person.user();
        if (user == null) {
            return new Refused(ChatReply.of(
                    Kind.NOT_ALLOWED,
                    what + " is for " + personId + " in Kizuki's on-call configuration, which names no Kizuki user "
                            + "(user:). Ask an administrator to add it; until then you can read pages but not act on "
                            + "them from outside the console."));
        }
        Optional<KeycloakAccounts.Account> account;
        try {
            account = accounts.account(user);
        } catch (KeycloakAccounts.Unavailable e) {
            LOG.warnf("cannot look up Kizuki user %s for a chat action: %s", user, e.getMessage());
            return new Refused(ChatReply.of(
                    Kind.UNAVAILABLE,
                    "Kizuki cannot check your roles right now (its sign-in service did not answer). Nothing was "
                            + "done; try again in a minute."));
        }
        if (account.isEmpty() || !account.get().enabled()) {
            return new Refused(ChatReply.of(
                    Kind.NOT_ALLOWED, "The Kizuki user " + user + " linked to you does not exist or is disabled."));
        }
        return new Linked(new Actor(personId, person, account.get()));
    }

    /**
     * Does what a linked person asks, as that person: {@code requestKey} is the same when chat sends the same request
     * again (a retry), so that it is decided once. Completes with the decision, or {@link Kind#PENDING} when it takes
     * longer than {@link #DECISION_WAIT}.
     */
    public CompletableFuture<ChatReply> act(Actor actor, ChatRequest request, String via, String requestKey) {
        return act(actor, request, via, requestKey, DECISION_WAIT);
    }

    /** The same, waiting up to {@code wait} for the decision ({@link #LATE_DECISION_WAIT} where it can come later). */
    public CompletableFuture<ChatReply> act(
            Actor actor, ChatRequest request, String via, String requestKey, Duration wait) {
        return CompletableFuture.supplyAsync(() -> decide(actor, request, via, requestKey, wait), work);
    }

    private ChatReply decide(Actor actor, ChatRequest request, String via, String requestKey, Duration wait) {
        KeycloakAccounts.Account account = actor.account();
        if (!account.roles().contains(RESPONDER)) {
            return ChatReply.of(
                    Kind.NOT_ALLOWED,
                    "Your Kizuki user " + account.username() + " is not a responder: only responders act on "
                            + "incidents. Nothing was done.");
        }
        List<String> products = List.copyOf(new TreeSet<>(account.products()));
        String commandId = StableId.of(via, requestKey);
        IncidentCommand command;
        switch (request) {
            case ChatRequest.Acknowledge ack -> command = new AcknowledgeIncident(ack.incidentId(), null, products);
            case ChatRequest.Resolve resolve ->
                command = new ResolveIncident(resolve.incidentId(), IncidentResolved.MANUAL, null, products);
            case ChatRequest.Lead lead ->
                command = new AssignRole(lead.incidentId(), "commander", account.username(), null, products);
            case ChatRequest.Escalate escalate ->
                command = new EscalateIncident(escalate.incidentId(), escalate.fromLevel(), null, products);
            case ChatRequest.Note note ->
                command = new AddTimelineEntry(
                        note.incidentId(), "entry-" + commandId, "note", null, note.text(), null, null, products);
            case ChatRequest.Declare declare -> {
                String product = declare.product() != null
                        ? declare.product()
                        : products.size() == 1 && !products.contains("*") ? products.get(0) : null;
                if (product == null) {
                    return ChatReply.of(
                            Kind.NOT_ALLOWED, "You work on several products: name the product as <product>/<service>.");
                }
                if (!products.contains("*") && !products.contains(product)) {
                    return ChatReply.of(Kind.NOT_ALLOWED, "You may not declare incidents of product " + product + ".");
                }
                command = new DeclareIncident(
                        "inc-" + StableId.of("declared", commandId),
                        declare.title(),
                        product,
                        declare.service(),
                        declare.severity(),
                        null,
                        account.username(),
                        products);
            }
            default -> {
                return ChatReply.of(Kind.INFORMATION, "Nothing to do.");
            }
        }
        CompletableFuture<CommandResult> decision = results.decisions().decision(commandId);
        try {
            commands.sendFor(commandId, command, account.username(), via).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            CommandResult result = decision.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return reply(result, request);
        } catch (TimeoutException e) {
            return new ChatReply(
                    Kind.PENDING,
                    "Sent to Kizuki; the decision is taking longer than usual.",
                    command.incidentId(),
                    null);
        } catch (ExecutionException e) {
            return ChatReply.of(
                    Kind.UNAVAILABLE, "Kizuki could not take your request right now. Nothing was done; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ChatReply.of(Kind.UNAVAILABLE, "Kizuki is stopping. Nothing was done; try again.");
        } finally {
            results.decisions().forget(commandId, decision);
        }
    }

    static ChatReply reply(CommandResult result, ChatRequest request) {
        IncidentStatus status = result.status();
        String incident = result.incidentId();
        return switch (result.outcome()) {
            case ACCEPTED ->
                result.events().isEmpty()
                        ? new ChatReply(
                                Kind.UNCHANGED,
                                "Nothing to change (" + done(request, incident) + " already)",
                                incident,
                                status)
                        : new ChatReply(Kind.DONE, done(request, incident), incident, status);
            case UNAUTHENTICATED ->
                new ChatReply(
                        Kind.UNAVAILABLE,
                        "Kizuki could not check its own credentials. Nothing was done; try again.",
                        incident,
                        status);
            default ->
                new ChatReply(
                        Kind.REFUSED,
                        "Not done: " + result.detail() + (status == null ? "" : " (it is " + word(status) + ")"),
                        incident,
                        status);
        };
    }

    /** What was done, as a line that can go on with "by …": {@code inc-1 acknowledged}. */
    private static String done(ChatRequest request, String incident) {
        return switch (request) {
            case ChatRequest.Acknowledge ack -> incident + " acknowledged";
            case ChatRequest.Resolve resolve -> incident + " resolved";
            case ChatRequest.Lead lead -> incident + " now led";
            case ChatRequest.Escalate escalate -> incident + " escalated to level " + (escalate.fromLevel() + 1);
            case ChatRequest.Note note -> "note added to " + incident;
            case ChatRequest.Declare declare -> incident + " declared";
            default -> incident + " changed";
        };
    }

    static String word(IncidentStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    @PreDestroy
    void close() {
        work.shutdownNow();
    }
}
