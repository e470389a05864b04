package io.kizuki.ledger.event;

import io.kizuki.ledger.WireType;

/** A fact about one incident, recorded on {@code kizuki.ledger.v1}. Past tense; never changes meaning. */
public sealed interface IncidentEvent extends WireType
        permits IncidentOpened, AlertAttached, WarningRecorded, IncidentAcknowledged, IncidentResolved,
        RoleAssigned, SeverityChanged, StatusChanged, TimelineEntryAdded, ChangeLinked,
        IncidentReopened, ActionItemAdded, ActionItemCompleted, IncidentClosed, ChangeRecorded, ResponderPaged,
        IncidentEscalated, NotificationDelivered, NotificationFailed, PostmortemEdited, PostmortemPublished,
        AdoptionRecorded, RecurrenceFlagged {

    String incidentId();
}
