package io.kizuki.ledger.command;

import java.util.List;

/** A responder links a change (a deploy, rollback, config change, feature flag) to the incident. */
public record LinkChange(
        String incidentId,
        String changeId,
        String service,
        String summary,
        Long expectedSequence,
        List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.link-change.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
