package io.kizuki.ledger.command;

import java.time.LocalDate;
import java.util.List;

/** Add an improvement action item: what, of which kind, who owns it, by when. */
public record AddActionItem(
        String incidentId,
        String actionItemId,
        String title,
        String kind,
        String owner,
        LocalDate dueDate,
        Long expectedSequence,
        List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.add-action-item.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
