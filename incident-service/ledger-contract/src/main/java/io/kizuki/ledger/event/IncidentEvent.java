package io.kizuki.ledger.event;

/** A fact about one incident, recorded on the incident's ledger stream (keyed by its id). */
public sealed interface IncidentEvent extends LedgerEvent
        permits IncidentOpened,
                AlertAttached,
                WarningRecorded,
                IncidentAcknowledged,
                IncidentResolved,
                RoleAssigned,
                SeverityChanged,
                StatusChanged,
                TimelineEntryAdded,
                ChangeLinked,
                IncidentReopened,
                ActionItemAdded,
                ActionItemCompleted,
                ActionItemUpdated,
                IncidentClosed,
                ResponderPaged,
                IncidentEscalated,
                NotificationDelivered,
                NotificationFailed,
                PostmortemEdited,
                PostmortemPublished,
                AdoptionRecorded,
                RecurrenceFlagged {

    String incidentId();

    @Override
    default String streamId() {
        return incidentId();
    }
}
