package io.kizuki.ledger.command;

import java.util.List;

import io.kizuki.ledger.WireType;

/**
 * An imperative request to the incident decider, carried on {@code kizuki.commands.v1} keyed by incident id.
 * Who sent it and when travel in the envelope ({@code ce_actor}, {@code ce_time}); its id is the command id.
 */
public sealed interface IncidentCommand extends WireType
        permits OpenIncident, AttachAlert, RecordWarning, AcknowledgeIncident, ResolveIncident,
        DeclareIncident, AssignRole, ChangeSeverity, SetStatus, AddTimelineEntry,
        LinkChange, ReopenIncident, AddActionItem, CompleteActionItem, CloseIncident, RecordChange, RecordPage,
        EscalateIncident, RecordDelivery, EditPostmortem, PublishPostmortem, RecordAdoption, FlagRecurrence {

    String incidentId();

    /** Optimistic concurrency: the stream sequence the sender last saw, or {@code null} for none. */
    default Long expectedSequence() {
        return null;
    }

    /**
     * The products the sender may act on ({@code *} for all); {@code null} for Kizuki's own deciders. The decider
     * refuses a command on an incident of another product.
     */
    default List<String> allowedProducts() {
        return null;
    }
}
