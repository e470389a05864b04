package io.kizuki.ledger.command;

import java.util.List;

import io.kizuki.ledger.event.ContributingFactor;

/**
 * Write one section of an incident's postmortem (its whole new content).
 *
 * @param section one of {@link io.kizuki.ledger.Vocabulary#POSTMORTEM_SECTIONS}
 * @param text    the text; {@code null} for {@code contributing-factors}
 * @param factors for {@code contributing-factors}: at least one, each of a known category
 */
public record EditPostmortem(
        String incidentId,
        String section,
        String text,
        List<ContributingFactor> factors,
        Long expectedSequence,
        List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.edit-postmortem.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
