package io.kizuki.report.rest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.kizuki.ledger.Guards;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.report.changes.ChangeRepository;
import io.kizuki.report.incidents.IncidentChanges;
import io.kizuki.report.incidents.IncidentRepository;
import io.kizuki.report.incidents.IncidentRepository.Cursor;
import io.kizuki.report.incidents.IncidentRepository.Order;
import io.kizuki.report.incidents.IncidentState;
import io.kizuki.report.learning.PostmortemState;
import io.kizuki.report.service.IncidentHistory;
import io.kizuki.report.timeline.TimelineExport;
import io.kizuki.report.timeline.TimelineRepository;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Incidents as projected from the ledger: lists, one incident (also as it stood at an instant), its timeline. */
@Path("/api/v1/incidents")
@Tag(name = "Incidents", description = "The incidents and timeline read models")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.VIEWER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class IncidentResource {

    /** The alerts an incident's detail carries; the rest are read a page at a time ({@code /alerts}). */
    static final int DETAIL_ALERTS = 100;
    /** The largest page of alerts or timeline entries. */
    static final int MAX_PAGE = 5000;
    /** Live streams one user may hold open on one instance (a console tab holds one). */
    static final int MAX_STREAMS = 10;

    static final int MAX_LIMIT = 500;
    static final String MARKDOWN = "text/markdown";
    static final String CSV = "text/csv";
    private static final List<String> SORTS = List.of("-openedAt", "openedAt", "severity", "-severity");
    private static final List<String> FORMATS = List.of("json", "markdown", "csv");
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    private final IncidentRepository incidents;
    private final IncidentHistory history;
    private final TimelineRepository timeline;
    private final ChangeRepository changes;
    private final JsonWebToken token;
    private final Duration changesBefore;
    private final IncidentChanges live;
    /** The live streams each user holds open on this instance. */
    private static final Map<String, Integer> OPEN_STREAMS = new ConcurrentHashMap<>();

    public IncidentResource(
            IncidentRepository incidents,
            TimelineRepository timeline,
            ChangeRepository changes,
            JsonWebToken token,
            @ConfigProperty(name = "kizuki.report.changes-before") Duration changesBefore,
            IncidentChanges live,
            IncidentHistory history) {
        this.incidents = incidents;
        this.history = history;
        this.live = live;
        this.timeline = timeline;
        this.changes = changes;
        this.token = token;
        this.changesBefore = changesBefore;
    }

    /** One incident in a list. */
    public record IncidentSummary(
            String id,
            String title,
            String product,
            String service,
            Severity severity,
            IncidentStatus status,
            @JsonProperty("class") String incidentClass,
            String dedupKey,
            String source,
            Instant openedAt,
            Instant acknowledgedAt,
            Instant resolvedAt,
            Instant closedAt,
            String commander,
            long alertCount,
            long sequence) {

        static IncidentSummary of(IncidentState state) {
            return new IncidentSummary(
                    state.id,
                    state.title,
                    state.product,
                    state.service,
                    state.severity,
                    state.status,
                    state.incidentClass,
                    state.dedupKey,
                    state.source,
                    state.openedAt,
                    state.acknowledgedAt,
                    state.resolvedAt,
                    state.closedAt,
                    state.roles.get("commander"),
                    state.alerts,
                    state.sequence);
        }
    }

    /** One incident with everything a responder looks at. */
    public record IncidentDetail(
            String id,
            String title,
            String product,
            String service,
            Severity severity,
            IncidentStatus status,
            @JsonProperty("class") String incidentClass,
            String dedupKey,
            String source,
            String summary,
            String warning,
            List<Link> links,
            Instant openedAt,
            Instant acknowledgedAt,
            String acknowledgedBy,
            Instant resolvedAt,
            String resolvedBy,
            String resolution,
            Instant closedAt,
            String commander,
            Map<String, String> roles,
            List<IncidentState.SeverityStep> severityHistory,
            List<IncidentState.ActionItem> actionItems,
            List<IncidentState.LinkedChange> linkedChanges,
            String recurrenceOf,
            List<String> recurrences,
            long alertCount,
            long pages,
            int escalationLevel,
            long failedNotifications,

            @Schema(description = "none, draft or published")
            String postmortem,

            @Schema(
                    description = "recurrences flagged: a later incident like this one after its prevention "
                            + "actions were done (recurred-as), or an earlier one this one repeats (recurrence-of)")
            List<IncidentState.Recurrence> recurrenceFlags,

            @Schema(description = "this incident's prevention actions were done, and it recurred")
            boolean preventionDidNotHold,

            @Schema(
                    description = "what keeps it from being closed now, by the decider's own rule (empty when it may): "
                            + "already-closed, not-resolved, and for a SEV1 or SEV2 postmortem (not published) and "
                            + "prevention (no prevention action item)")
            List<String> closeBlockers,

            long sequence,
            Instant asOf,
            List<ChangeRepository.Change> changesBefore,
            List<IncidentRepository.Alert> alerts) {}

    @GET
    @Operation(
            summary = "List the incidents of the caller's products",
            description = "Filters combine with AND; a filter given several values (comma-separated or repeated) "
                    + "matches any of them. Pages are cursor-based: the Link header's rel=\"next\" URL (and the "
                    + "X-Next-Cursor header) gives the next page.")
    @APIResponse(
            responseCode = "200",
            description = "The incidents",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IncidentSummary[].class),
                            examples = @ExampleObject(name = "one incident", value = """
                                    [{"id":"inc-7f3a","title":"HighErrorRate","product":"shop","service":"shop-checkout",
                                    "severity":"SEV2","status":"ACKNOWLEDGED","class":"error-rate","dedupKey":"shop|{}:{alertname=\\"HighErrorRate\\"}",
                                    "source":"alertmanager","openedAt":"2026-11-22T03:04:00Z","acknowledgedAt":"2026-11-22T03:06:10Z",
                                    "resolvedAt":null,"closedAt":null,"commander":"alice","alertCount":3,"sequence":5}]""")))
    @APIResponse(
            responseCode = "400",
            description = "A query parameter that does not fit, named in errors[0].field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> list(
            @Parameter(
                            description = "status(es): triggered, acknowledged, investigating, identified, monitoring, "
                                    + "resolved, closed")
                    @QueryParam("status")
                    List<String> status,
            @Parameter(description = "severity(ies): sev1 … sev4") @QueryParam("severity") List<String> severity,
            @QueryParam("product") List<String> product,
            @QueryParam("service") List<String> service,
            @Parameter(description = "class(es): service-down, latency, error-rate, saturation, other")
                    @QueryParam("class")
                    List<String> incidentClass,
            @Parameter(description = "opened at or after (ISO-8601 instant or date)") @QueryParam("from") String from,
            @Parameter(description = "opened before") @QueryParam("to") String to,
            @Parameter(description = "text in the title, id, service or summary") @QueryParam("q") String text,
            @Parameter(description = "-openedAt (default), openedAt, severity (most severe first), -severity")
                    @QueryParam("sort")
                    @DefaultValue("-openedAt")
                    String sort,
            @Parameter(description = "the X-Next-Cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "1 to " + MAX_LIMIT, schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    @DefaultValue("100")
                    String limit,
            @Context UriInfo uri) {
        Instant[] range = Params.range(from, to, uri);
        Order order = Params.oneOf(
                "sort",
                sort,
                SORTS,
                value -> switch (value) {
                    case "openedAt" -> Order.OLDEST;
                    case "severity" -> Order.MOST_SEVERE;
                    case "-severity" -> Order.LEAST_SEVERE;
                    default -> Order.NEWEST;
                },
                uri);
        var filter = new IncidentRepository.Filter(
                ProductScope.of(token),
                Params.enums("status", status, IncidentStatus.class, uri),
                Params.enums("severity", severity, Severity.class, uri),
                Params.split(product),
                Params.split(service),
                Params.split(incidentClass),
                range[0],
                range[1],
                text);
        int size = Params.limit(limit, MAX_LIMIT, uri);
        Cursor after = cursor(cursor, uri);
        return incidents.list(filter, order, after, size).map(listed -> {
            List<IncidentSummary> page = listed.stream()
                    .map(item -> IncidentSummary.of(item.incident()))
                    .toList();
            Response.ResponseBuilder response = Response.ok(page);
            if (page.size() == size) {
                String next = encode(listed.getLast().cursor());
                response.header("X-Next-Cursor", next)
                        .link(
                                uri.getRequestUriBuilder()
                                        .replaceQueryParam("cursor", next)
                                        .build(),
                                "next");
            }
            return response.build();
        });
    }

    @GET
    @Path("/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Server-sent events: each incident of the caller's products that changed, as it is committed",
            description = "The console's live list and pages. The first event ({\"id\":null}) says the stream is "
                    + "open, one follows every 20 s to keep it open through proxies; every other event names an "
                    + "incident whose read models changed (opened, acknowledged, a timeline entry …): read it again. "
                    + "A client that does not keep up misses events, so it should read the list again on reconnecting.")
    @APIResponse(
            responseCode = "200",
            description = "The stream",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = IncidentChanges.Change.class),
                            examples =
                                    @ExampleObject(
                                            name = "an incident changed",
                                            value = "data:{\"id\":\"inc-7f3a\",\"product\":\"shop\"}")))
    @APIResponse(
            responseCode = "429",
            description = "The caller has " + MAX_STREAMS + " streams open already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<IncidentChanges.Change> live(@Context UriInfo uri) {
        ProductScope scope = ProductScope.of(token);
        String user = token.getSubject() == null ? token.getName() : token.getSubject();
        if (OPEN_STREAMS.merge(user, 1, Integer::sum) > MAX_STREAMS) {
            OPEN_STREAMS.computeIfPresent(user, (key, open) -> open <= 1 ? null : open - 1);
            throw new WebApplicationException(Problem.of(
                            429,
                            "too-many-streams",
                            "Too many live streams",
                            "at most " + MAX_STREAMS + " live streams per user; close one (a console tab) first",
                            uri.getPath())
                    .toResponseBuilder()
                    .header(HttpHeaders.RETRY_AFTER, KEEP_ALIVE.toSeconds())
                    .build());
        }
        Multi<IncidentChanges.Change> keepAlive =
                Multi.createFrom().ticks().every(KEEP_ALIVE).map(tick -> IncidentChanges.Change.NONE);
        return Multi.createBy()
                .merging()
                .streams(
                        Multi.createFrom().item(IncidentChanges.Change.NONE),
                        keepAlive,
                        live.stream().filter(change -> scope.includes(change.product())))
                .onTermination()
                .invoke(() -> OPEN_STREAMS.computeIfPresent(user, (key, open) -> open <= 1 ? null : open - 1));
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary = "One incident: roles, alerts, severity history, recurrences, action items, and the changes "
                    + "of its service just before it opened",
            description = "With asOf, the incident as it stood at that instant, folded from its timeline.")
    @APIResponse(
            responseCode = "200",
            description = "The incident",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IncidentDetail.class)))
    @APIResponse(
            responseCode = "400",
            description = "asOf is not an instant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such incident visible to the caller (or not opened yet at " + "asOf)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> get(
            @PathParam("id") String id,
            @Parameter(description = "an instant: the incident as it stood then") @QueryParam("asOf") String asOf,
            @Context UriInfo uri) {
        Instant at = Params.instant("asOf", asOf, uri);
        Uni<Optional<IncidentState>> found = at == null ? incidents.find(id) : history.asOf(id, at);
        ProductScope scope = ProductScope.of(token);
        return found.chain(state -> {
            if (state.isEmpty() || !scope.includes(state.get().product)) {
                return Uni.createFrom().item(notFound(id, uri));
            }
            IncidentState incident = state.get();
            return incidents
                    .alerts(id, incident.sequence, 0, DETAIL_ALERTS)
                    .chain(alerts -> incidents.recurrences(id).chain(recurrences -> changes.list(
                                    scope,
                                    List.of(incident.service),
                                    incident.openedAt.minus(changesBefore),
                                    incident.openedAt.plusNanos(1000),
                                    50)
                            .map(before -> Response.ok(detail(incident, at, alerts, recurrences, before))
                                    .tag(new EntityTag(Long.toString(incident.sequence)))
                                    .build())));
        });
    }

    @GET
    @Path("/{id}/alerts")
    @Operation(
            summary = "The incident's alerts, a page at a time, in the order they were attached",
            description = "The incident itself carries the first " + DETAIL_ALERTS + " and alertCount; an incident of "
                    + "a storm has thousands. The next page starts after the last alert's sequence (after=).")
    @APIResponse(
            responseCode = "200",
            description = "The page; a Link header (rel=next) when there may be more",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IncidentRepository.Alert[].class)))
    @APIResponse(
            responseCode = "404",
            description = "No such incident visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> alerts(
            @PathParam("id") String id,
            @Parameter(description = "the sequence of the last alert already read") @QueryParam("after") String after,
            @Parameter(description = "1 to " + MAX_PAGE, schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    @DefaultValue("500")
                    String limit,
            @Context UriInfo uri) {
        int size = Params.limit(limit, MAX_PAGE, uri);
        ProductScope scope = ProductScope.of(token);
        return incidents.find(id).chain(state -> {
            if (state.isEmpty() || !scope.includes(state.get().product)) {
                return Uni.createFrom().item(notFound(id, uri));
            }
            return incidents
                    .alerts(id, state.get().sequence, Params.sequence("after", after, uri), size)
                    .map(page -> paged(
                                    Response.ok(page),
                                    page.size() == size ? page.getLast().sequence() : null,
                                    size,
                                    uri)
                            .build());
        });
    }

    @GET
    @Path("/{id}/timeline")
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN, CSV, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Every event of the incident as a typed, chronological entry with its actor",
            description = "JSON by default; Markdown (for a postmortem) or CSV with format=markdown|csv or the "
                    + "Accept header.")
    @APIResponse(
            responseCode = "200",
            description = "The timeline",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = TimelineRepository.Entry[].class)),
                @Content(mediaType = MARKDOWN),
                @Content(mediaType = CSV)
            })
    @APIResponse(
            responseCode = "404",
            description = "No such incident visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> timeline(
            @PathParam("id") String id,
            @Parameter(
                            description = "only entries of these kinds: opened, signal, status, severity, role, note, "
                                    + "decision, action, communication, page, escalation, notification, notification-failed, change, "
                                    + "action-item, postmortem, adoption, recurrence, warning")
                    @QueryParam("kind")
                    List<String> kinds,
            @Parameter(in = ParameterIn.QUERY, description = "json, markdown or csv") @QueryParam("format")
                    String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @Parameter(description = "JSON only: the sequence of the last entry already read") @QueryParam("after")
                    String after,
            @Parameter(
                            description = "JSON only: 1 to " + MAX_PAGE + " entries (Markdown and CSV are whole)",
                            schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    @DefaultValue("1000")
                    String limit,
            @Parameter(description = "the timeline as it stood at this instant: the entries recorded until then")
                    @QueryParam("asOf")
                    String asOf,
            @Context UriInfo uri) {
        int size = Params.limit(limit, MAX_PAGE, uri);
        Instant at = Params.instant("asOf", asOf, uri);
        String as = format != null
                ? Params.oneOf("format", format, FORMATS, value -> value, uri)
                : accept != null && accept.contains(MARKDOWN)
                        ? "markdown"
                        : accept != null && accept.contains(CSV) ? "csv" : "json";
        ProductScope scope = ProductScope.of(token);
        return incidents.find(id).chain(state -> {
            if (state.isEmpty() || !scope.includes(state.get().product)) {
                return Uni.createFrom().item(notFound(id, uri));
            }
            if (at != null && at.isBefore(state.get().openedAt)) {
                return Uni.createFrom().item(notFound(id, uri));
            }
            if ("json".equals(as)) {
                return timeline.of(id, Params.split(kinds), Params.sequence("after", after, uri), size, at)
                        .map(entries -> paged(
                                        Response.ok(entries, MediaType.APPLICATION_JSON),
                                        entries.size() == size
                                                ? entries.getLast().sequence()
                                                : null,
                                        size,
                                        uri)
                                .build());
            }
            return timeline.of(id, Params.split(kinds), at)
                    .map(entries -> "markdown".equals(as)
                            ? Response.ok(
                                            TimelineExport.markdown(id, state.get().title, entries),
                                            MARKDOWN + ";charset=utf-8")
                                    .build()
                            : Response.ok(TimelineExport.csv(entries), CSV + ";charset=utf-8")
                                    .header("Content-Disposition", "attachment; filename=\"" + id + "-timeline.csv\"")
                                    .build());
        });
    }

    /** A page's answer, with a {@code Link} to the next page when this one is full. */
    private static Response.ResponseBuilder paged(
            Response.ResponseBuilder page, Long lastSequence, int limit, UriInfo uri) {
        return lastSequence == null
                ? page
                : page.link(
                        uri.getRequestUriBuilder()
                                .replaceQueryParam("after", lastSequence)
                                .replaceQueryParam("limit", limit)
                                .build(),
                        "next");
    }

    /** Another product's incident answers exactly like one that does not exist. */
    private static Response notFound(String id, UriInfo uri) {
        return Problem.of(404, "not-found", "Incident not found", "no incident " + id, uri.getPath())
                .toResponse();
    }

    private static IncidentDetail detail(
            IncidentState s,
            Instant asOf,
            List<IncidentRepository.Alert> alerts,
            List<String> recurrences,
            List<ChangeRepository.Change> before) {
        return new IncidentDetail(
                s.id,
                s.title,
                s.product,
                s.service,
                s.severity,
                s.status,
                s.incidentClass,
                s.dedupKey,
                s.source,
                s.summary,
                s.warning,
                s.links,
                s.openedAt,
                s.acknowledgedAt,
                s.acknowledgedBy,
                s.resolvedAt,
                s.resolvedBy,
                s.resolution,
                s.closedAt,
                s.roles.get("commander"),
                s.roles,
                s.severityHistory,
                s.actionItems,
                s.linkedChanges,
                s.recurrenceOf,
                recurrences,
                s.alerts,
                s.pages,
                s.escalationLevel,
                s.failedNotifications,
                s.postmortem,
                s.recurrences,
                s.recurrences.stream().anyMatch(r -> RecurrenceFlagged.RECURRED_AS.equals(r.relation())),
                Guards.closeBlockers(
                        s.status,
                        s.severity,
                        PostmortemState.PUBLISHED.equals(s.postmortem),
                        s.actionItems.stream()
                                .map(IncidentState.ActionItem::kind)
                                .toList()),
                s.sequence,
                asOf,
                before,
                alerts);
    }

    private static String encode(Cursor cursor) {
        String text = cursor.severity() + "|" + cursor.openedAt() + "|" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor cursor(String value, UriInfo uri) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts;
        Instant openedAt;
        try {
            parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|", 3);
            openedAt = parts.length == 3 ? Instant.parse(parts[1]) : null;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            openedAt = null;
            parts = null;
        }
        if (openedAt == null) {
            throw Problem.invalidField("cursor", "is not a cursor this API gave out", uri);
        }
        return new Cursor(parts[0], openedAt, parts[2]);
    }
}
