package io.kizuki.ledger.command;

import java.util.List;

/** An improvement action item is done. */
public record CompleteActionItem(
        String incidentId, String actionItemId, Long expectedSequence, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.complete-action-item.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
