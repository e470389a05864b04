package io.kizuki.ledger.command;

/** A request about one incident, decided on the incident's ledger stream (keyed by its id). */
public sealed interface IncidentCommand extends LedgerCommand
        permits OpenIncident,
                AttachAlert,
                RecordWarning,
                AcknowledgeIncident,
                ResolveIncident,
                DeclareIncident,
                AssignRole,
                ChangeSeverity,
                SetStatus,
                AddTimelineEntry,
                LinkChange,
                ReopenIncident,
                AddActionItem,
                CompleteActionItem,
                UpdateActionItem,
                CloseIncident,
                RecordPage,
                EscalateIncident,
                RecordDelivery,
                EditPostmortem,
                PublishPostmortem,
                RecordAdoption,
                FlagRecurrence {

    String incidentId();

    @Override
    default String streamId() {
        return incidentId();
    }
}
