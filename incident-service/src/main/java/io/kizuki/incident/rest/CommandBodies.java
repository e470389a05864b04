package io.kizuki.incident.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.kizuki.incident.mapping.JsonBody;
import io.kizuki.ledger.Severity;

/**
 * The request bodies of the incident commands, for the OpenAPI document: the resources read bodies field by field
 * with {@link JsonBody} (to name every field at fault), so these records only describe them. Their enumerations are
 * written from the contract's vocabulary by {@link VocabularyEnumerations}.
 */
public final class CommandBodies {

    private CommandBodies() {}

    @Schema(description = "A declared incident")
    public record Declaration(
            @Schema(required = true) String title,
            @Schema(required = true) String product,
            @Schema(required = true) String service,
            @Schema(required = true) Severity severity,
            String summary,

            @Schema(description = "who leads the response; assigned as commander")
            String commander) {}

    public record RoleAssignment(
            @Schema(required = true) String role,
            @Schema(required = true) String assignee) {}

    public record SeverityChange(
            @Schema(required = true) Severity severity,
            @Schema(required = true) String reason) {}

    public record StatusUpdate(@Schema(required = true) String status, String note) {}

    public record TimelineEntry(
            @Schema(required = true) String kind,

            @Schema(description = "required for kind action")
            String action,

            @Schema(required = true) String text,

            @Schema(description = "when it happened (RFC 3339); default now")
            Instant occurredAt) {}

    public record ChangeLink(@Schema(required = true) String changeId, String service, String summary) {}

    public record Reopening(String reason) {}

    @Schema(description = "One section: text, or for contributing-factors the factors")
    public record PostmortemSection(
            @Schema(description = "the section's text; null clears it")
            String text,

            @Schema(description = "for contributing-factors only")
            List<Factor> factors) {}

    public record Factor(
            @Schema(required = true) String category,
            @Schema(required = true) String text) {}

    public record Adoption(
            @Schema(required = true) String status,

            @Schema(description = "required for not-applicable")
            String note) {}

    public record NewActionItem(
            @Schema(required = true) String title,
            @Schema(required = true) String kind,
            @Schema(required = true) String owner,
            @Schema(required = true) LocalDate dueDate) {}

    /** An action item's new owner, due date, or both. */
    public record ActionItemChange(
            @Schema(description = "who does it now; unchanged if absent")
            String owner,

            @Schema(description = "when it is due now; unchanged if absent")
            LocalDate dueDate) {}
}
