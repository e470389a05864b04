package io.kizuki.report.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.report.mapping.Csv;
import io.kizuki.report.metrics.MetricsRepository;
import io.kizuki.report.metrics.MetricsRepository.Durations;
import io.kizuki.report.metrics.MetricsRepository.Figures;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Uni;

/** MTTA, MTTR and incident counts. */
@Path("/api/v1/metrics")
@Tag(name = "Metrics", description = "The metrics read model")
@Produces({MediaType.APPLICATION_JSON, IncidentResource.CSV, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.VIEWER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class MetricsResource {

    private final MetricsRepository metrics;
    private final JsonWebToken token;

    public MetricsResource(MetricsRepository metrics, JsonWebToken token) {
        this.metrics = metrics;
        this.token = token;
    }

    @GET
    @Path("/incidents")
    @Operation(
            summary = "Incident counts, MTTA and MTTR (mean, median, p90, in seconds) of incidents opened in a range",
            description = "MTTA runs from opening to the first acknowledgement (or first working status); MTTR from "
                    + "opening to the last resolution. Grouped by any of product, service, severity, class, week "
                    + "(ISO week of opening, UTC). JSON, or CSV with format=csv or Accept: text/csv.")
    @APIResponse(
            responseCode = "200",
            description = "The figures",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = Figures[].class),
                        examples = @ExampleObject(name = "by severity", value = """
                            [{"group":{"severity":"SEV2"},"incidents":12,
                            "timeToAcknowledge":{"count":12,"meanSeconds":184.5,"medianSeconds":120.0,"p90Seconds":420.0},
                            "timeToResolve":{"count":11,"meanSeconds":3480.2,"medianSeconds":2700.0,"p90Seconds":7200.0}}]""")),
                @Content(mediaType = IncidentResource.CSV)
            })
    @APIResponse(
            responseCode = "400",
            description = "A query parameter that does not fit, named in errors[0].field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> incidents(
            @Parameter(description = "product, service, severity, class and/or week") @QueryParam("groupBy")
                    List<String> groupBy,
            @Parameter(description = "opened at or after") @QueryParam("from") String from,
            @Parameter(description = "opened before") @QueryParam("to") String to,
            @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @Context UriInfo uri) {
        Instant[] range = Params.range(from, to, uri);
        List<String> dimensions = new ArrayList<>();
        for (String dimension : Params.split(groupBy)) {
            dimensions.add(Params.oneOf(
                    "groupBy", dimension, List.copyOf(MetricsRepository.DIMENSIONS.keySet()), value -> value, uri));
        }
        boolean csv = Params.wantsCsv(format, accept, uri);
        return metrics.figures(ProductScope.of(token), dimensions, range[0], range[1])
                .map(figures -> csv
                        ? Response.ok(csv(dimensions, figures), IncidentResource.CSV + ";charset=utf-8")
                                .build()
                        : Response.ok(figures, MediaType.APPLICATION_JSON).build());
    }

    private static String csv(List<String> dimensions, List<Figures> figures) {
        StringBuilder text = new StringBuilder();
        dimensions.forEach(dimension -> text.append(dimension).append(','));
        text.append("incidents,acknowledged,mtta_mean_s,mtta_median_s,mtta_p90_s,resolved,mttr_mean_s,"
                + "mttr_median_s,mttr_p90_s\r\n");
        for (Figures row : figures) {
            dimensions.forEach(dimension ->
                    text.append(Csv.field(row.group().get(dimension))).append(','));
            text.append(row.incidents()).append(',');
            durations(text, row.timeToAcknowledge());
            text.append(',');
            durations(text, row.timeToResolve());
            text.append("\r\n");
        }
        return text.toString();
    }

    private static void durations(StringBuilder text, Durations durations) {
        text.append(durations.count())
                .append(',')
                .append(Csv.field(durations.meanSeconds()))
                .append(',')
                .append(Csv.field(durations.medianSeconds()))
                .append(',')
                .append(Csv.field(durations.p90Seconds()));
    }
}
