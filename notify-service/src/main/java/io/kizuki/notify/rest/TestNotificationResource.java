package io.kizuki.notify.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.security.RolesAllowed;
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
import io.kizuki.notify.service.Deliveries;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

/**
 * A person checks that Kizuki can reach them: one test on each way they are reached on their own (e-mail, push, their
 * Teams chat, their webhook), one attempt each, the outcome of each in the answer (and in the log).
 */
@Path("/api/v1/people/{id}/test-notification")
@Tag(name = "On call", description = "Schedules of the on-call configuration")
@RolesAllowed(Roles.VIEWER)
public class TestNotificationResource {

    private static final Logger LOG = Logger.getLogger(TestNotificationResource.class);

    /** What one way of reaching the person did with the test. */
    public record Result(String channel, boolean delivered, String reason) {}

    /** The tests sent to a person, one per way. */
    public record Tested(String person, String testId, Instant sentAt, List<Result> results) {}

    private final OnCallDirectory directory;
    private final Deliveries deliveries;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public TestNotificationResource(
            OnCallDirectory directory, Deliveries deliveries, JsonWebToken token, SecurityIdentity identity) {
        this.directory = directory;
        this.deliveries = deliveries;
        this.token = token;
        this.identity = identity;
    }

    @POST
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
            description = "The caller is neither the person nor an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such person in the on-call configuration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Tested test(@PathParam("id") String id) {
        String path = "/api/v1/people/" + id + "/test-notification";
        OnCallConfig config = directory.paging();
        OnCallConfig.Person person = config.people().get(id);
        if (person == null) {
            throw new ProblemException(Problem.of(
                    404, "not-found", "Not found", "no person " + id + " in the on-call configuration", path));
        }
        String caller =
                OnCallResource.person(config.people(), token.getClaim("preferred_username"), token.getClaim("email"));
        if (!id.equals(caller) && !identity.hasRole(Roles.ADMIN)) {
            throw new ProblemException(Problem.of(
                    403, "forbidden", "Forbidden", "only the person themselves or an admin may test their ways", path));
        }
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
        return new Tested(id, testId, now, results);
    }
}
