package io.kizuki.ledger.event;

/**
 * What in the system let an incident happen or grow: a category from {@link io.kizuki.ledger.Vocabulary#FACTOR_CATEGORIES}
 * (systems and organisation, never a person) and free text.
 */
public record ContributingFactor(String category, String text) {}
