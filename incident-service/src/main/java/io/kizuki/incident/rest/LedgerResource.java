package io.kizuki.incident.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.incident.security.Caller;
import io.kizuki.ledger.LedgerVerifier;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.client.ChainCheck;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/** The ledger's hash chains verified as Kafka holds them: the first event that breaks one, named. */
@Path("/api/v1/admin/ledger")
@Tag(name = "Ledger", description = "The ledger's integrity")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Roles.ADMIN)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not an administrator of every product (products *): the ledger holds them all",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class LedgerResource {

    private final KafkaSettings settings;
    private final SecurityIdentity identity;

    public LedgerResource(KafkaSettings settings, SecurityIdentity identity) {
        this.settings = settings;
        this.identity = identity;
    }

    @GET
    @Path("/verify")
    @Operation(
            summary = "Verifies every stream's hash chain over the whole ledger, or the records of a time range; "
                    + "names the first event modified, removed or moved")
    @APIResponse(
            responseCode = "200",
            description = "What was verified; broken is null when every chain holds",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LedgerVerifier.Report.class)))
    @APIResponse(
            responseCode = "400",
            description = "from or until is not an instant (errors[0].field)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LedgerVerifier.Report verify(
            @Parameter(description = "records written at or after (ISO-8601); default: the beginning")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "records written at or before; default: now") @QueryParam("until") String until,
            @Context UriInfo uri) {
        if (!Caller.of(identity).mayAccess(Caller.ALL_PRODUCTS)) {
            throw new ProblemException(Problem.of(
                    403,
                    "forbidden",
                    "Forbidden",
                    "the ledger holds every product's incidents: only an administrator of every product verifies it",
                    uri.getPath()));
        }
        return ChainCheck.verify(
                settings.with(Map.of()), Topics.LEDGER, instant("from", from, uri), instant("until", until, uri));
    }

    private static Instant instant(String field, String value, UriInfo uri) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.invalidField(field, "must be an ISO-8601 instant, e.g. 2026-12-06T02:00:00Z", uri);
        }
    }
}
