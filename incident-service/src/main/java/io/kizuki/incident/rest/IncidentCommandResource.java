package io.kizuki.incident.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.incident.mapping.JsonBody;
import io.kizuki.incident.security.Caller;
import io.kizuki.incident.service.CommandGateway;
import io.kizuki.incident.service.Ids;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.Vocabulary;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AddActionItem;
import io.kizuki.ledger.command.AddTimelineEntry;
import io.kizuki.ledger.command.AssignRole;
import io.kizuki.ledger.command.ChangeSeverity;
import io.kizuki.ledger.command.CloseIncident;
import io.kizuki.ledger.command.CompleteActionItem;
import io.kizuki.ledger.command.DeclareIncident;
import io.kizuki.ledger.command.EditPostmortem;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.LinkChange;
import io.kizuki.ledger.command.PublishPostmortem;
import io.kizuki.ledger.command.RecordAdoption;
import io.kizuki.ledger.command.ReopenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.command.SetStatus;
import io.kizuki.ledger.command.UpdateActionItem;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Responder commands: declare an incident, and act on one through its lifecycle. Each answers with the events it
 * produced (200, 201 for a declaration), or why it did not (404, 409 naming the current state, 412). {@code
 * Idempotency-Key} makes a retry safe; {@code If-Match} with the sequence from the {@code ETag} gives optimistic
 * concurrency. Bad input is a 400 naming every field at fault, and nothing is written.
 */
@Path("/api/v1/incidents")
@Tag(name = "Incident commands", description = "Act on an incident")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.RESPONDER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a responder (or declaring for a product not the caller's)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "200",
        description = "Done; the resulting events, and the new sequence as ETag",
        content =
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = CommandAnswers.CommandAccepted.class)))
@APIResponse(
        responseCode = "202",
        description = "Queued but not decided in time; it will be applied",
        content =
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = CommandAnswers.CommandPending.class)))
@APIResponse(
        responseCode = "400",
        description = "Invalid input: every field or header at fault is listed; nothing was written",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "413",
        description = "Body larger than 64 KiB",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "415",
        description = "Body not JSON",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "404",
        description = "No such incident, or one of another product (the same answer)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "409",
        description = "Not in a state for this command; the current state is given",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "412",
        description = "If-Match does not match the current sequence",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "422",
        description = "The Idempotency-Key was used by this caller for another request",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "503",
        description = "Kafka did not take the command; retry after Retry-After",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class IncidentCommandResource {

    /** The statuses a responder sets by hand, in the order they usually come. */
    static final List<IncidentStatus> SETTABLE_STATUSES =
            List.of(IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING);

    private static final Pattern INCIDENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final CommandGateway gateway;
    private final Ids ids;
    private final SecurityIdentity identity;

    public IncidentCommandResource(CommandGateway gateway, Ids ids, SecurityIdentity identity) {
        this.gateway = gateway;
        this.ids = ids;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Declare an incident by hand",
            description = "For what no alert caught. The caller must be of the incident's product.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.Declaration.class),
                            examples = @ExampleObject(name = "declare", value = """
                    {"title":"Checkout pages time out for some users","product":"shop","service":"shop-checkout",
                     "severity":"SEV2","summary":"Support reports timeouts since 14:05","commander":"alice"}""")))
    @APIResponse(
            responseCode = "201",
            description = "Declared; the events, the incident's URL as Location",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandAnswers.CommandAccepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Fields at fault are listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> declare(byte[] body, @BeanParam CommandRequest request) {
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        String title = json.text("title", true, 300);
        String product = json.text("product", true, 64);
        String service = json.text("service", true, 128);
        Severity severity = json.constant("severity", true, Severity.class, List.of(Severity.values()));
        String summary = json.text("summary", false, 4000);
        String commander = json.text("commander", false, 128);
        json.validate("Invalid incident");
        if (!caller().mayAccess(product)) {
            throw new ProblemException(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "the caller may not declare incidents of product " + product,
                            request.path())
                    .withErrors(List.of(new Problem.FieldError("product", "is not one of the caller's products"))));
        }
        String commandId = request.commandId(ids, caller().actor(), "new", "declare");
        String incidentId = "inc-" + StableId.of("declared", commandId);
        return run(
                commandId,
                new DeclareIncident(
                        incidentId, title, product, service, severity, summary, commander, caller().productList()),
                request);
    }

    @POST
    @Path("/{incidentId}/acknowledge")
    @Operation(summary = "Acknowledge an incident", description = "409 when it is already acknowledged or resolved.")
    public Uni<Response> acknowledge(@PathParam("incidentId") String incidentId, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        return run(
                new AcknowledgeIncident(incidentId, request.expectedSequence(), caller().productList()),
                "acknowledge",
                request);
    }

    @POST
    @Path("/{incidentId}/resolve")
    @Operation(summary = "Resolve an incident", description = "409 when it is already resolved or closed.")
    public Uni<Response> resolve(@PathParam("incidentId") String incidentId, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        return run(
                new ResolveIncident(
                        incidentId, IncidentResolved.MANUAL, request.expectedSequence(), caller().productList()),
                "resolve",
                request);
    }

    @POST
    @Path("/{incidentId}/roles")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Assign a role",
            description =
                    "commander, responder, sre or communications; " + "assigning the holder again changes nothing.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.RoleAssignment.class),
                            examples =
                                    @ExampleObject(
                                            name = "commander",
                                            value = "{\"role\":\"commander\",\"assignee\":\"alice\"}")))
    public Uni<Response> assignRole(
            @PathParam("incidentId") String incidentId, byte[] body, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        String role = json.oneOf("role", true, Vocabulary.ROLES);
        String assignee = json.text("assignee", true, 128);
        json.validate("Invalid role assignment");
        return run(
                new AssignRole(incidentId, role, assignee, request.expectedSequence(), caller().productList()),
                "roles",
                request);
    }

    @POST
    @Path("/{incidentId}/severity")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Change the severity, with a reason", description = "409 when it already has that severity.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.SeverityChange.class),
                            examples = @ExampleObject(name = "raise", value = """
                    {"severity":"SEV1","reason":"every checkout fails, not just some"}""")))
    public Uni<Response> changeSeverity(
            @PathParam("incidentId") String incidentId, byte[] body, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        Severity severity = json.constant("severity", true, Severity.class, List.of(Severity.values()));
        String reason = json.text("reason", true, 1000);
        json.validate("Invalid severity change");
        return run(
                new ChangeSeverity(incidentId, severity, reason, request.expectedSequence(), caller().productList()),
                "severity",
                request);
    }

    @POST
    @Path("/{incidentId}/status")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Say where the work stands: investigating, identified or monitoring",
            description = "From triggered it also acknowledges. 409 when resolved, closed or already in that status.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.StatusUpdate.class),
                            examples = @ExampleObject(name = "identified", value = """
                    {"status":"identified","note":"connection pool exhausted since the 14:02 deploy"}""")))
    public Uni<Response> setStatus(
            @PathParam("incidentId") String incidentId, byte[] body, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        IncidentStatus status = json.constant("status", true, IncidentStatus.class, SETTABLE_STATUSES);
        String note = json.text("note", false, 4000);
        json.validate("Invalid status");
        return run(
                new SetStatus(incidentId, status, note, request.expectedSequence(), caller().productList()),
                "status",
                request);
    }

    @POST
    @Path("/{incidentId}/timeline")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Add a timeline entry",
            description = "kind note, decision, action (with action scale-up, restart, rollback, workaround or "
                    + "config-change) or communication; occurredAt is when it happened (default: now).")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.TimelineEntry.class),
                            examples = @ExampleObject(name = "rollback", value = """
                    {"kind":"action","action":"rollback","text":"rolled shop-checkout back to 2026.11.21-3",
                     "occurredAt":"2026-11-22T14:20:00Z"}""")))
    public Uni<Response> addTimelineEntry(
            @PathParam("incidentId") String incidentId, byte[] body, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        String kind = json.oneOf("kind", true, Vocabulary.ENTRY_KINDS);
        String action = json.oneOf("action", "action".equals(kind), Vocabulary.ACTIONS);
        if (action != null && kind != null && !"action".equals(kind)) {
            json.reject("action", "is only for entries of kind action");
        }
        String text = json.text("text", true, 4000);
        Instant occurredAt = json.instant("occurredAt");
        json.validate("Invalid timeline entry");
        String commandId = request.commandId(ids, caller().actor(), incidentId, "timeline");
        return run(
                commandId,
                new AddTimelineEntry(
                        incidentId,
                        "entry-" + commandId,
                        kind,
                        action,
                        text,
                        occurredAt,
                        request.expectedSequence(),
                        caller().productList()),
                request);
    }

    @POST
    @Path("/{incidentId}/changes")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Link a change to the incident",
            description = "A deploy, rollback, config change or "
                    + "feature flag recorded through the change endpoints, by its id. 409 when already linked.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.ChangeLink.class),
                            examples = @ExampleObject(name = "deploy", value = """
                    {"changeId":"chg-42","service":"shop-checkout","summary":"deploy 2026.11.22-1"}""")))
    public Uni<Response> linkChange(
            @PathParam("incidentId") String incidentId, byte[] body, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        String changeId = json.text("changeId", true, 128);
        String service = json.text("service", false, 128);
        String summary = json.text("summary", false, 1000);
        json.validate("Invalid change link");
        return run(
                new LinkChange(
                        incidentId, changeId, service, summary, request.expectedSequence(), caller().productList()),
                "changes",
                request);
    }

    @POST
    @Path("/{incidentId}/reopen")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Reopen a resolved incident", description = "It is triggered again; 409 unless resolved.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.Reopening.class),
                            examples =
                                    @ExampleObject(
                                            name = "reopen",
                                            value = "{\"reason\":\"errors are back after the restart\"}")))
    public Uni<Response> reopen(
            @PathParam("incidentId") String incidentId, byte[] body, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), false);
        String reason = json.text("reason", false, 1000);
        json.validate("Invalid reopening");
        return run(
                new ReopenIncident(incidentId, reason, request.expectedSequence(), caller().productList()),
                "reopen",
                request);
    }

    @POST
    @Path("/{incidentId}/action-items")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Add an improvement action item",
            description = "kind prevention, mitigation, detection or process; an owner and a due date.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.NewActionItem.class),
                            examples = @ExampleObject(name = "prevention", value = """
                    {"title":"Load-test the checkout pool size before each release","kind":"prevention",
                     "owner":"alice","dueDate":"2026-12-15"}""")))
    public Uni<Response> addActionItem(
            @PathParam("incidentId") String incidentId, byte[] body, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        String title = json.text("title", true, 300);
        String kind = json.oneOf("kind", true, Vocabulary.ACTION_ITEM_KINDS);
        String owner = json.text("owner", true, 128);
        LocalDate dueDate = json.date("dueDate", true);
        json.validate("Invalid action item");
        String commandId = request.commandId(ids, caller().actor(), incidentId, "action-items");
        return run(
                commandId,
                new AddActionItem(
                        incidentId,
                        "ai-" + commandId.substring(0, 8),
                        title,
                        kind,
                        owner,
                        dueDate,
                        request.expectedSequence(),
                        caller().productList()),
                request);
    }

    @POST
    @Path("/{incidentId}/action-items/{actionItemId}/complete")
    @Operation(summary = "Complete an improvement action item", description = "409 when unknown or already done.")
    public Uni<Response> completeActionItem(
            @PathParam("incidentId") String incidentId,
            @PathParam("actionItemId") String actionItemId,
            @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        validateActionItemId(actionItemId, request.path());
        return run(
                new CompleteActionItem(incidentId, actionItemId, request.expectedSequence(), caller().productList()),
                "complete-" + actionItemId,
                request);
    }

    @PATCH
    @Path("/{incidentId}/action-items/{actionItemId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Give an improvement action item another owner or due date",
            description = "owner, dueDate or both (what is absent stays); 409 when unknown or already done; nothing is "
                    + "recorded when nothing changes.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.ActionItemChange.class),
                            examples = @ExampleObject(name = "reassigned", value = """
                    {"owner":"bob","dueDate":"2027-01-15"}""")))
    public Uni<Response> updateActionItem(
            @PathParam("incidentId") String incidentId,
            @PathParam("actionItemId") String actionItemId,
            byte[] body,
            @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        validateActionItemId(actionItemId, request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        String owner = json.text("owner", false, 128);
        LocalDate dueDate = json.date("dueDate", false);
        if (owner == null && dueDate == null && json.errors().isEmpty()) {
            json.reject("owner", "give owner, dueDate or both");
        }
        json.validate("Invalid action item change");
        return run(
                new UpdateActionItem(
                        incidentId, actionItemId, owner, dueDate, request.expectedSequence(), caller().productList()),
                "update-" + actionItemId,
                request);
    }

    @PUT
    @Path("/{incidentId}/postmortem/{section}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Write a section of the incident's postmortem",
            description = "section summary, went-well, went-badly, lucky or lessons with {\"text\": …} (null or "
                    + "blank clears it), or contributing-factors with {\"factors\": [{\"category\", \"text\"}]}. "
                    + "Impact, timeline, changes and alerts are drafted from the ledger by report-service. The "
                    + "blameless check answers in the event's warnings (a person seen on the incident named, words "
                    + "of blame); the edit stands. 409 once the postmortem is published.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.PostmortemSection.class),
                            examples = {
                                @ExampleObject(name = "lessons", value = """
                        {"text":"A pool size is a capacity decision: it gets a load test like any other."}"""),
                                @ExampleObject(name = "contributing-factors", value = """
                        {"factors":[{"category":"missing-non-functional-verification",
                          "text":"the pool size change was never load-tested"},
                         {"category":"observability-gap","text":"no alert on pool saturation"}]}""")
                            }))
    public Uni<Response> editPostmortem(
            @PathParam("incidentId") String incidentId,
            @PathParam("section") String section,
            byte[] body,
            @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        if (!Vocabulary.POSTMORTEM_SECTIONS.contains(section)) {
            throw new ProblemException(Problem.of(
                            400,
                            "validation",
                            "Unknown postmortem section",
                            "sections are " + String.join(", ", Vocabulary.POSTMORTEM_SECTIONS),
                            request.path())
                    .withErrors(List.of(new Problem.FieldError(
                            "section", "must be one of " + String.join(", ", Vocabulary.POSTMORTEM_SECTIONS)))));
        }
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        boolean factors = Vocabulary.CONTRIBUTING_FACTORS.equals(section);
        List<ContributingFactor> contributing = factors ? json.factors("factors") : List.of();
        String text = factors ? null : json.nullableText("text", 20_000);
        json.validate("Invalid postmortem section");
        return run(
                new EditPostmortem(
                        incidentId, section, text, contributing, request.expectedSequence(), caller().productList()),
                "postmortem-" + section,
                request);
    }

    @POST
    @Path("/{incidentId}/postmortem/publish")
    @Operation(
            summary = "Publish the incident's postmortem",
            description = "409 naming what is missing: a resolved incident, contributing factors, lessons. Once "
                    + "published it no longer changes, and its lessons and prevention action items are shared with "
                    + "every product: report-service's knowledge feed and the topic kizuki.knowledge.v1.")
    public Uni<Response> publishPostmortem(
            @PathParam("incidentId") String incidentId, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        return run(
                new PublishPostmortem(incidentId, request.expectedSequence(), caller().productList()),
                "publish-postmortem",
                request);
    }

    @PUT
    @Path("/{incidentId}/action-items/{actionItemId}/adoptions/{product}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Record what a product does with a shared prevention action (横展開)",
            description = "status adopted, planned or not-applicable, with a note (required for not-applicable). "
                    + "Only for a product of the caller's, and not the incident's own; 404 unless the action is a "
                    + "prevention action item of a published postmortem.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CommandBodies.Adoption.class),
                            examples = @ExampleObject(name = "planned", value = """
                    {"status":"planned","note":"payments' pool sizes get the same load test in Q1"}""")))
    public Uni<Response> recordAdoption(
            @PathParam("incidentId") String incidentId,
            @PathParam("actionItemId") String actionItemId,
            @PathParam("product") String product,
            byte[] body,
            @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        validateActionItemId(actionItemId, request.path());
        JsonBody.requireProduct(caller(), product, "record adoptions", request.path());
        JsonBody json = JsonBody.parse(body, request.headers.getMediaType(), request.path(), true);
        String status = json.oneOf("status", true, Vocabulary.ADOPTION_STATUSES);
        String note = json.text("note", "not-applicable".equals(status), 2_000);
        json.validate("Invalid adoption");
        return run(
                new RecordAdoption(incidentId, actionItemId, product, status, note, caller().productList()),
                "adoption-" + actionItemId + "-" + product,
                request);
    }

    @POST
    @Path("/{incidentId}/close")
    @Operation(
            summary = "Close a resolved incident",
            description = "409 unless resolved; a SEV1 or SEV2 incident needs a published postmortem and at least "
                    + "one prevention action item first (the 409 says what is missing).")
    public Uni<Response> close(@PathParam("incidentId") String incidentId, @BeanParam CommandRequest request) {
        validate(incidentId, request.path());
        return run(new CloseIncident(incidentId, request.expectedSequence(), caller().productList()), "close", request);
    }

    private Uni<Response> run(IncidentCommand command, String action, CommandRequest request) {
        return run(request.commandId(ids, caller().actor(), command.incidentId(), action), command, request);
    }

    private Uni<Response> run(String commandId, IncidentCommand command, CommandRequest request) {
        return CommandAnswers.answer(
                gateway.send(commandId, command, caller().actor()),
                request.path(),
                result -> (command instanceof DeclareIncident
                                ? Response.created(UriBuilder.fromUri(request.uri.getBaseUri())
                                        .path("api/v1/incidents")
                                        .path(result.incidentId())
                                        .build())
                                : Response.ok())
                        .entity(new CommandAnswers.CommandAccepted(
                                commandId,
                                result.incidentId(),
                                result.status() == null ? null : result.status().name(),
                                result.sequence(),
                                result.events()))
                        .tag(new EntityTag(Long.toString(result.sequence())))
                        .build(),
                () -> Response.accepted(new CommandAnswers.CommandPending(commandId, command.incidentId(), "pending"))
                        .build());
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    private static void validate(String incidentId, String path) {
        if (!INCIDENT_ID.matcher(incidentId).matches()) {
            throw new ProblemException(Problem.of(
                            400,
                            "validation",
                            "Invalid incident id",
                            "incident ids are 1 to 128 letters, digits, '.', '_', ':' or '-'",
                            path)
                    .withErrors(List.of(new Problem.FieldError("incidentId", "has an invalid form"))));
        }
    }

    private static void validateActionItemId(String actionItemId, String path) {
        if (!INCIDENT_ID.matcher(actionItemId).matches()) {
            throw new ProblemException(Problem.of(
                            400,
                            "validation",
                            "Invalid action item id",
                            "action item ids are 1 to 128 letters, digits, '.', '_', ':' or '-'",
                            path)
                    .withErrors(List.of(new Problem.FieldError("actionItemId", "has an invalid form"))));
        }
    }
}
