package io.kizuki.ledger.event;

import java.time.Instant;
import java.util.List;

/**
 * A section of the incident's postmortem was written or rewritten; the section's whole new content.
 *
 * @param section  one of {@link io.kizuki.ledger.Vocabulary#POSTMORTEM_SECTIONS}
 * @param text     the section's text; {@code null} for {@code contributing-factors}
 * @param factors  the contributing factors, for {@code contributing-factors} only (else empty)
 * @param warnings what the blameless check noticed (a person named, words of blame); the edit stands
 */
public record PostmortemEdited(
        String incidentId,
        String product,
        String section,
        String text,
        List<ContributingFactor> factors,
        List<String> warnings,
        String editedBy,
        Instant editedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.postmortem-edited.v1";

    public PostmortemEdited {
        factors = factors == null ? List.of() : List.copyOf(factors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
