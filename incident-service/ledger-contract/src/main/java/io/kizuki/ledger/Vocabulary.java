package io.kizuki.ledger;

import java.util.List;

/** The fixed words of the ledger: roles, timeline entry kinds, actions, improvement action kinds. */
public final class Vocabulary {

    /** Roles on an incident. */
    public static final List<String> ROLES = List.of("commander", "responder", "sre", "communications");
    /** Kinds of timeline entry a responder adds. */
    public static final List<String> ENTRY_KINDS = List.of("note", "decision", "action", "communication");
    /** What a responder did, for a timeline entry of kind {@code action}. */
    public static final List<String> ACTIONS = List.of("scale-up", "restart", "rollback", "workaround",
            "config-change");
    /** Kinds of improvement action item. */
    public static final List<String> ACTION_ITEM_KINDS = List.of("prevention", "mitigation", "detection", "process");
    public static final String PREVENTION = "prevention";

    private Vocabulary() {
    }
}
