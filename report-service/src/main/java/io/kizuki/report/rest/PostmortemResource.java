package io.kizuki.report.rest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.report.changes.ChangeRepository;
import io.kizuki.report.incidents.IncidentRepository;
import io.kizuki.report.incidents.IncidentState;
import io.kizuki.report.learning.LearningRepository;
import io.kizuki.report.service.Postmortem;
import io.kizuki.report.service.PostmortemExport;
import io.kizuki.report.timeline.TimelineRepository;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Uni;

/** An incident's postmortem: drafted from the ledger, with what responders wrote; JSON, Markdown or HTML. */
@Path("/api/v1/incidents/{id}/postmortem")
@Tag(name = "Learning")
@RolesAllowed(Roles.VIEWER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class PostmortemResource {

    private static final List<String> FORMATS = List.of("json", "markdown", "html");

    private final IncidentRepository incidents;
    private final TimelineRepository timeline;
    private final ChangeRepository changes;
    private final LearningRepository learning;
    private final JsonWebToken token;
    private final Duration changesBefore;
    private final Clock clock = Clock.systemUTC();

    public PostmortemResource(
            IncidentRepository incidents,
            TimelineRepository timeline,
            ChangeRepository changes,
            LearningRepository learning,
            JsonWebToken token,
            @ConfigProperty(name = "kizuki.report.changes-before") Duration changesBefore) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.changes = changes;
        this.learning = learning;
        this.token = token;
        this.changesBefore = changesBefore;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, IncidentResource.MARKDOWN, MediaType.TEXT_HTML, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The incident's postmortem: drafted from the ledger, with what responders wrote",
            description = "Summary (drafted from facts until one is written), impact (duration, time to "
                    + "acknowledge and resolve, affected services and products), contributing factors, what went "
                    + "well and badly, where we got lucky, lessons, action items, the changes of the service just "
                    + "before it opened, the timeline and the alerts. Markdown and a standalone HTML page too "
                    + "(format or Accept).")
    @APIResponse(
            responseCode = "200",
            description = "The postmortem",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Postmortem.class)),
                @Content(mediaType = IncidentResource.MARKDOWN),
                @Content(mediaType = MediaType.TEXT_HTML)
            })
    @APIResponse(
            responseCode = "404",
            description = "No such incident visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> postmortem(
            @PathParam("id") String id,
            @Parameter(in = ParameterIn.QUERY, description = "json, markdown or html") @QueryParam("format")
                    String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @Context UriInfo uri) {
        String as = format != null
                ? Params.oneOf("format", format, FORMATS, value -> value, uri)
                : accept != null && accept.contains(IncidentResource.MARKDOWN)
                        ? "markdown"
                        : accept != null && accept.contains(MediaType.TEXT_HTML) ? "html" : "json";
        ProductScope scope = ProductScope.of(token);
        return incidents.find(id).chain(found -> {
            if (found.isEmpty() || !scope.includes(found.get().product)) {
                return Uni.createFrom()
                        .item(Problem.of(404, "not-found", "Incident not found", "no incident " + id, uri.getPath())
                                .toResponse());
            }
            IncidentState incident = found.get();
            return learning.postmortem(id).chain(written -> timeline.of(id, Postmortem.TIMELINE_KINDS, null)
                    .chain(entries -> changes.list(
                                    scope,
                                    List.of(incident.service),
                                    incident.openedAt.minus(changesBefore),
                                    incident.openedAt.plusNanos(1000),
                                    50)
                            .chain(before -> incidents
                                    .alerts(id, incident.sequence)
                                    .map(alerts -> render(
                                            Postmortem.of(
                                                    incident,
                                                    written.orElse(null),
                                                    entries,
                                                    before,
                                                    alerts,
                                                    clock.instant()),
                                            as)))));
        });
    }

    private static Response render(Postmortem postmortem, String as) {
        return switch (as) {
            case "markdown" ->
                Response.ok(PostmortemExport.markdown(postmortem), IncidentResource.MARKDOWN + ";charset=utf-8")
                        .build();
            case "html" ->
                Response.ok(PostmortemExport.html(postmortem), MediaType.TEXT_HTML + ";charset=utf-8")
                        .build();
            default -> Response.ok(postmortem, MediaType.APPLICATION_JSON).build();
        };
    }
}
