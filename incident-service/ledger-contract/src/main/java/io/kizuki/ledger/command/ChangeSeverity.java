package io.kizuki.ledger.command;

import java.util.List;

import io.kizuki.ledger.Severity;

/** A responder changes the severity, saying why. */
public record ChangeSeverity(
        String incidentId, Severity severity, String reason, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.change-severity.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
