package io.kizuki.ledger.command;

import java.util.List;

/**
 * Record what {@code adoptingProduct} does with a prevention action another product's postmortem shared. Unlike
 * other commands, {@code allowedProducts} must hold the adopting product, not the incident's: a team answers for its
 * own product only.
 *
 * @param status one of {@link io.kizuki.ledger.Vocabulary#ADOPTION_STATUSES}
 */
public record RecordAdoption(
        String incidentId,
        String actionItemId,
        String adoptingProduct,
        String status,
        String note,
        List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.record-adoption.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
