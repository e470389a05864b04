package io.kizuki.ledger;

import java.util.List;

/**
 * The fixed words of the ledger: roles, timeline entry kinds, actions, improvement action kinds, postmortem sections,
 * contributing-factor categories, adoption statuses.
 */
public final class Vocabulary {

    /** Roles on an incident. */
    public static final List<String> ROLES = List.of("commander", "responder", "sre", "communications");
    /** Kinds of timeline entry a responder adds. */
    public static final List<String> ENTRY_KINDS = List.of("note", "decision", "action", "communication");
    /** What a responder did, for a timeline entry of kind {@code action}. */
    public static final List<String> ACTIONS =
            List.of("scale-up", "restart", "rollback", "workaround", "config-change");
    /** Kinds of improvement action item. */
    public static final List<String> ACTION_ITEM_KINDS = List.of("prevention", "mitigation", "detection", "process");

    public static final String PREVENTION = "prevention";
    /** Sections of a postmortem a responder writes; the rest (impact, timeline, changes, alerts) is drafted. */
    public static final List<String> POSTMORTEM_SECTIONS =
            List.of("summary", "contributing-factors", "went-well", "went-badly", "lucky", "lessons");

    public static final String CONTRIBUTING_FACTORS = "contributing-factors";
    /**
     * Categories of contributing factor: what in the system and the organisation let it happen, never who. The last
     * four are the organisational gaps that keep recurring.
     */
    public static final List<String> FACTOR_CATEGORIES = List.of(
            "code-defect",
            "configuration",
            "capacity",
            "dependency",
            "change-management",
            "infrastructure",
            "data",
            "security",
            "external",
            "missing-non-functional-verification",
            "observability-gap",
            "deployment-tool-knowledge",
            "dependence-on-one-person");
    /** What a product does with a prevention action another product shared. */
    public static final List<String> ADOPTION_STATUSES = List.of("adopted", "planned", "not-applicable");

    private Vocabulary() {}
}
