package io.kizuki.ledger.command;

import java.time.LocalDate;
import java.util.List;

/** An improvement action item that is not done gets another owner, another due date, or both (null: unchanged). */
public record UpdateActionItem(
        String incidentId,
        String actionItemId,
        String owner,
        LocalDate dueDate,
        Long expectedSequence,
        List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.update-action-item.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
