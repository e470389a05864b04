package io.kizuki.notify.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.paging.PagingSimulation;
import io.kizuki.notify.service.LedgerHistory;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;

/**
 * An on-call change tried on real history: the incidents of a period, as the ledger tells them, paged again by a draft
 * configuration (nothing sent, nothing written), beside the pages that were recorded: who would have been paged,
 * when, the night and weekend pages per person, escalations.
 */
@Path("/api/v1/admin/oncall-config/simulations")
@Tag(name = "On-call configuration", description = "People, schedules, escalation policies, routing, channels")
@RolesAllowed(Roles.ADMIN)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not an administrator of every product (products *)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SimulationResource {

    private static final Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** The window simulated when none is given: the last 30 days. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    /** The longest window simulated. */
    static final Duration MAX_WINDOW = Duration.ofDays(92);

    private final OnCallDirectory directory;
    private final LedgerHistory history;
    private final JsonWebToken token;

    public SimulationResource(OnCallDirectory directory, LedgerHistory history, JsonWebToken token) {
        this.directory = directory;
        this.history = history;
        this.token = token;
    }

    @POST
    @Consumes({OnCallConfigResource.YAML, "text/yaml", MediaType.TEXT_PLAIN})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Pages the incidents of a period again with a draft configuration and compares with the pages "
                    + "recorded: per person (pages, at night, at weekends, nights disturbed), escalations, and the "
                    + "incidents whose pages would have differed")
    @RequestBody(
            description = "The whole draft configuration, as in deploy/config/notify.yaml; none: the one in force "
                    + "(which gives back the pages recorded under it)",
            content = @Content(mediaType = OnCallConfigResource.YAML))
    @APIResponse(
            responseCode = "200",
            description = "The comparison",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PagingSimulation.Comparison.class)))
    @APIResponse(
            responseCode = "400",
            description = "A parameter is wrong, or the draft has problems (errors[].field: its YAML path); "
                    + "nothing simulated",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PagingSimulation.Comparison simulate(
            String yaml,
            @Parameter(description = "the period's start (ISO-8601; default 30 days before until)") @QueryParam("from")
                    String from,
            @Parameter(description = "the period's end (ISO-8601; default now)") @QueryParam("until") String until,
            @Parameter(description = "only this product's incidents") @QueryParam("product") String product,
            @Context UriInfo uri) {
        OnCallConfigResource.requireAllProducts(token, uri);
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant end = until == null ? Instant.now() : instant("until", until, errors);
        Instant start = from == null ? (end == null ? null : end.minus(DEFAULT_WINDOW)) : instant("from", from, errors);
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                errors.add(new Problem.FieldError("from", "must be before until"));
            } else if (start.plus(MAX_WINDOW).isBefore(end)) {
                errors.add(new Problem.FieldError("until", "at most " + MAX_WINDOW.toDays() + " days after from"));
            }
        }
        if (product != null && !PRODUCT.matcher(product).matches()) {
            errors.add(new Problem.FieldError("product", "must be 1 to 64 lower-case letters, digits or '-'"));
        }
        if (yaml != null && yaml.length() > OnCallConfigResource.MAX_CHARACTERS) {
            errors.add(new Problem.FieldError(
                    "$", "is larger than " + OnCallConfigResource.MAX_CHARACTERS + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Problem.of(400, "validation", "Invalid simulation", "nothing was simulated", uri.getPath())
                            .withErrors(errors));
        }
        OnCallConfig config;
        try {
            config = yaml == null || yaml.isBlank() ? directory.paging() : directory.draft(yaml);
        } catch (ConfigLoader.InvalidConfigException e) {
            throw OnCallConfigResource.refused(e.problems(), uri);
        }
        Predicate<String> products = product == null ? any -> true : product::equals;
        LedgerHistory.Period period = history.read(start, end, products);
        return PagingSimulation.compare(config, period.incidents(), period.pages(), period.escalations(), end);
    }

    private static Instant instant(String field, String value, List<Problem.FieldError> errors) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 instant, e.g. 2026-12-06T02:00:00Z"));
            return null;
        }
    }
}
