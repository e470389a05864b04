package io.kizuki.ledger.command;

import java.util.List;

/** Publish an incident's postmortem: it is final, and its lessons and prevention actions go to the knowledge feed. */
public record PublishPostmortem(String incidentId, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.publish-postmortem.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
