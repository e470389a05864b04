package io.kizuki.report.rest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.report.incidents.AlertView;
import io.kizuki.report.incidents.IncidentView;
import io.kizuki.report.incidents.IncidentViewRepository;
import io.kizuki.report.security.ProductScope;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Incidents as projected from the ledger. */
@Path("/api/v1/incidents")
@Tag(name = "Incidents", description = "The incidents read model")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RolesAllowed(IncidentResource.VIEWER_ROLE)
@APIResponse(responseCode = "401", description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Not a viewer, or not of the incident's product",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class IncidentResource {

    static final String VIEWER_ROLE = "viewer";
    private static final int MAX_LIMIT = 500;

    private final IncidentViewRepository incidents;
    private final JsonWebToken token;

    public IncidentResource(IncidentViewRepository incidents, JsonWebToken token) {
        this.incidents = incidents;
        this.token = token;
    }

    /** One incident in a list. */
    public record IncidentSummary(String id, String title, String product, String service, Severity severity,
            IncidentStatus status, String dedupKey, String source, Instant openedAt, Instant acknowledgedAt,
            Instant resolvedAt, long sequence) {

        static IncidentSummary of(IncidentView view) {
            return new IncidentSummary(view.id, view.title, view.product, view.service, view.severity, view.status,
                    view.dedupKey, view.source, view.openedAt, view.acknowledgedAt, view.resolvedAt, view.sequence);
        }
    }

    /** An alert of an incident. */
    public record Alert(String signalId, String fingerprint, String title, Instant attachedAt) {

        static Alert of(AlertView view) {
            return new Alert(view.signalId, view.fingerprint, view.title, view.attachedAt);
        }
    }

    /** One incident with its alerts. */
    public record IncidentDetail(String id, String title, String product, String service, Severity severity,
            IncidentStatus status,
            String dedupKey, String source, Instant openedAt, Instant acknowledgedAt, String acknowledgedBy,
            Instant resolvedAt, String resolvedBy, String resolution, long sequence,
            @JsonProperty("class") String incidentClass, String recurrenceOf, String warning, String summary,
            String commander, Instant closedAt, List<Alert> alerts) {
    }

    @GET
    @WithSession
    @Operation(summary = "List the incidents of the caller's products, newest first")
    @APIResponse(responseCode = "200", description = "The incidents",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IncidentSummary[].class)))
    @APIResponse(responseCode = "400", description = "Invalid query parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<IncidentSummary>> list(@QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("100") int limit, @Context UriInfo uri) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problem.invalidField("limit", "must be between 1 and " + MAX_LIMIT, uri);
        }
        return incidents.latest(ProductScope.of(token), status(status, uri), limit)
                .map(views -> views.stream().map(IncidentSummary::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One incident with its alerts")
    @APIResponse(responseCode = "200", description = "The incident",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IncidentDetail.class)))
    @APIResponse(responseCode = "404", description = "No such incident (yet)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> get(@PathParam("id") String id, @Context UriInfo uri) {
        ProductScope scope = ProductScope.of(token);
        return incidents.withAlerts(id).map(view -> {
            if (view == null) {
                return Problem.of(404, "not-found", "Incident not found", "no incident " + id, uri.getPath())
                        .toResponse();
            }
            if (!scope.includes(view.product)) {
                return Problem.of(403, "forbidden", "Forbidden",
                        "the caller may not read incidents of product " + view.product, uri.getPath()).toResponse();
            }
            return Response.ok(detail(view)).tag(new EntityTag(Long.toString(view.sequence))).build();
        });
    }

    private static IncidentDetail detail(IncidentView view) {
        return new IncidentDetail(view.id, view.title, view.product, view.service, view.severity, view.status, view.dedupKey,
                view.source, view.openedAt, view.acknowledgedAt, view.acknowledgedBy, view.resolvedAt,
                view.resolvedBy, view.resolution, view.sequence, view.incidentClass, view.recurrenceOf, view.warning,
                view.summary, view.commander, view.closedAt,
                view.alerts.stream().map(Alert::of).toList());
    }

    private static IncidentStatus status(String value, UriInfo uri) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return IncidentStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.invalidField("status", "must be one of triggered, acknowledged, investigating, identified, monitoring, resolved, closed", uri);
        }
    }
}
