package io.kizuki.report.rest;

import java.time.Instant;
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
import io.kizuki.report.oncall.BurdenRepository;
import io.kizuki.report.oncall.BurdenRepository.Week;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Uni;

/** How much on-call costs each person. */
@Path("/api/v1/oncall")
@Tag(name = "On-call burden", description = "The pages read model")
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
public class OnCallResource {

    private final BurdenRepository burden;
    private final JsonWebToken token;

    public OnCallResource(BurdenRepository burden, JsonWebToken token) {
        this.burden = burden;
        this.token = token;
    }

    @GET
    @Path("/burden")
    @Operation(
            summary = "Pages per person per week; pages at night and at weekends; nights disturbed; leave to offer",
            description = "Night is 22:00-07:00 and weeks are ISO weeks, both in the person's own time zone as the "
                    + "page recorded it. A night page belongs to the night that began the evening before. Suggested "
                    + "compensatory leave: 4 h after each disturbed night, 8 h for each weekend day with daytime "
                    + "pages. JSON, or CSV with format=csv or Accept: text/csv.")
    @APIResponse(
            responseCode = "200",
            description = "One row per person and week",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = Week[].class),
                        examples = @ExampleObject(name = "a hard week", value = """
                            [{"person":"bob","week":"2026-W47","pages":5,"nightPages":2,"weekendPages":1,
                            "nightsDisturbed":["2026-11-20"],"weekendDaysDisturbed":["2026-11-22"],
                            "compensatoryLeave":{"hours":12,"reason":"1 disturbed night(s) × 4 h + 1 weekend day(s) paged × 8 h"}}]""")),
                @Content(mediaType = IncidentResource.CSV)
            })
    @APIResponse(
            responseCode = "400",
            description = "A query parameter that does not fit, named in errors[0].field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> burden(
            @QueryParam("person") List<String> person,
            @Parameter(description = "paged at or after") @QueryParam("from") String from,
            @Parameter(description = "paged before") @QueryParam("to") String to,
            @Parameter(
                            description = "the burden as the ledger stood at this instant: the pages recorded until "
                                    + "then (ISO-8601)")
                    @QueryParam("asOf")
                    String asOf,
            @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @Context UriInfo uri) {
        Instant[] range = Params.range(from, to, uri);
        Instant end = range[1];
        if (asOf != null) {
            // pages are recorded as they are sent: as of an instant, those paged until then (inclusive)
            Instant cut = Params.instant("asOf", asOf, uri).plusNanos(1_000);
            end = end == null || cut.isBefore(end) ? cut : end;
        }
        boolean csv = Params.wantsCsv(format, accept, uri);
        return burden.weeks(ProductScope.of(token), Params.split(person), range[0], end)
                .map(weeks -> csv
                        ? Response.ok(csv(weeks), IncidentResource.CSV + ";charset=utf-8")
                                .build()
                        : Response.ok(weeks, MediaType.APPLICATION_JSON).build());
    }

    private static String csv(List<Week> weeks) {
        StringBuilder text = new StringBuilder("person,week,pages,night_pages,weekend_pages,nights_disturbed,"
                + "weekend_days_disturbed,compensatory_leave_hours\r\n");
        for (Week week : weeks) {
            text.append(Csv.field(week.person()))
                    .append(',')
                    .append(week.week())
                    .append(',')
                    .append(week.pages())
                    .append(',')
                    .append(week.nightPages())
                    .append(',')
                    .append(week.weekendPages())
                    .append(',')
                    .append(week.nightsDisturbed().size())
                    .append(',')
                    .append(week.weekendDaysDisturbed().size())
                    .append(',')
                    .append(
                            week.compensatoryLeave() == null
                                    ? 0
                                    : week.compensatoryLeave().hours())
                    .append("\r\n");
        }
        return text.toString();
    }
}
