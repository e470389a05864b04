package io.kizuki.notify.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.paging.Notification;
import io.kizuki.notify.paging.PagingPlan;
import io.kizuki.notify.service.ContactChecks;
import io.kizuki.notify.service.Deliveries;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

/**
 * A person checks that Kizuki can reach them: one test on each way they are reached on their own (e-mail, push, text,
 * call, their Teams chat, their webhook), one attempt each, the outcome of each in the answer, in the log and kept
 * ({@link ContactChecks}); and sees their contact methods with when each last passed or failed its test.
 */
@Path("/api/v1/people/{id}")
@Tag(name = "On call", description = "Schedules of the on-call configuration")
@RolesAllowed(Roles.VIEWER)
public class TestNotificationResource {

    private static final Logger LOG = Logger.getLogger(TestNotificationResource.class);

    /** What one way of reaching the person did with the test. */
    public record Result(String channel, boolean delivered, String reason) {}

    /** The tests sent to a person, one per way. */
    public record Tested(String person, String testId, Instant sentAt, List<Result> results) {}

    /** One way a person is reached on their own: where (partly hidden), and its last test, if any. */
    public record Method(String method, String address, ContactChecks.Check lastTest) {}

    /**
     * The person's Slack account as linked in the on-call configuration: the member whose clicks and {@code /kizuki}
     * act as them, and the Kizuki user they act as (null: not linked, so Slack actions are refused).
     */
    public record SlackLink(String member, String actsAs) {}

    /** A person's contact methods, and their linked Slack account (null when the configuration names none). */
    public record Methods(String person, List<Method> methods, SlackLink slack) {}

    private final OnCallDirectory directory;
    private final Deliveries deliveries;
    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final ContactChecks checks;

    public TestNotificationResource(
            OnCallDirectory directory,
            Deliveries deliveries,
            JsonWebToken token,
            SecurityIdentity identity,
            ContactChecks checks) {
        this.checks = checks;
        this.directory = directory;
        this.deliveries = deliveries;
        this.token = token;
        this.identity = identity;
    }

    @POST
    @Path("/test-notification")
    @Blocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Send a test to each way a person is reached",
            description = "The person themselves (their user name, e-mail or user: in the on-call file) or an admin. "
                    + "One attempt on each of the person's own ways (e-mail, push, text, call, Teams chat, webhook); the answer "
                    + "says what each did.")
    @APIResponse(
            responseCode = "200",
            description = "What each way did",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Tested.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller is neither the person nor an admin (whether or not the person exists)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such person in the on-call configuration (asked by an admin)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Tested test(@PathParam("id") String id) {
        String path = "/api/v1/people/" + id + "/test-notification";
        OnCallConfig config = directory.paging();
        OnCallConfig.Person person = allowed(config, id, path);
        Instant now = Instant.now();
        String testId = "test-" + UUID.randomUUID();
        List<Notification> tests = PagingPlan.test(id, person, testId, now);
        List<CompletableFuture<Result>> sent = new ArrayList<>();
        for (Notification test : tests) {
            sent.add(deliveries
                    .once(test, config)
                    .thenApply(outcome -> new Result(test.channel(), outcome.delivered(), outcome.reason())));
        }
        List<Result> results = sent.stream().map(CompletableFuture::join).toList();
        LOG.infof(
                "test notification %s of %s by %s: %s",
                testId,
                id,
                identity.getPrincipal().getName(),
                results.stream()
                        .map(result -> result.channel()
                                + (result.delivered() ? " delivered" : " failed (" + result.reason() + ")"))
                        .toList());
        CompletableFuture.allOf(results.stream()
                        .map(result -> checks.record(
                                id,
                                result.channel(),
                                new ContactChecks.Check(now, result.delivered(), result.reason())))
                        .toArray(CompletableFuture[]::new))
                .orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(failure -> {
                    LOG.warnf("the outcome of test %s could not be kept: %s", testId, failure.getMessage());
                    return null;
                })
                .join();
        return new Tested(id, testId, now, results);
    }

    @GET
    @Path("/contact-methods")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "A person's contact methods and when each last passed its test",
            description = "The person themselves or an admin. Each way the person is reached on their own, its "
                    + "address partly hidden, and the outcome of its last test notification (null if never tested); "
                    + "and the Slack member linked to the person, with the Kizuki user they act as from Slack.")
    @APIResponse(
            responseCode = "200",
            description = "The ways",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Methods.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller is neither the person nor an admin (whether or not the person exists)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such person in the on-call configuration (asked by an admin)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Methods methods(@PathParam("id") String id) {
        OnCallConfig.Person person = allowed(directory.paging(), id, "/api/v1/people/" + id + "/contact-methods");
        List<Method> methods = OnCallConfig.Person.METHODS.stream()
                .filter(way -> person.address(way) != null)
                .map(way -> new Method(
                        way,
                        hidden(way, person.address(way)),
                        checks.last(id, way).orElse(null)))
                .toList();
        return new Methods(id, methods, person.slack() == null ? null : new SlackLink(person.slack(), person.user()));
    }

    /**
     * The person, if the caller is them or an admin: anyone else is refused before the person is looked up, so the
     * answer says nothing of who is in the configuration.
     */
    private OnCallConfig.Person allowed(OnCallConfig config, String id, String path) {
        String caller =
                OnCallResource.person(config.people(), token.getClaim("preferred_username"), token.getClaim("email"));
        if (!id.equals(caller) && !identity.hasRole(Roles.ADMIN)) {
            throw new ProblemException(Problem.of(
                    403,
                    "forbidden",
                    "Forbidden",
                    "only the person themselves or an admin may see or test their ways",
                    path));
        }
        OnCallConfig.Person person = config.people().get(id);
        if (person == null) {
            throw new ProblemException(Problem.of(
                    404, "not-found", "Not found", "no person " + id + " in the on-call configuration", path));
        }
        return person;
    }

    /** An address partly hidden: enough to recognise it, not to use it. */
    static String hidden(String way, String address) {
        return switch (way) {
            case "email" -> {
                int at = address.indexOf('@');
                yield at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
            }
            case "sms", "voice" ->
                address.length() <= 6
                        ? "***"
                        : address.substring(0, 3)
                                + "*".repeat(address.length() - 7)
                                + address.substring(address.length() - 4);
            case "push" -> address.length() <= 3 ? "***" : address.substring(0, 3) + "***";
            default -> address;
        };
    }
}
