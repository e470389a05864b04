package io.kizuki.ledger;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AddActionItem;
import io.kizuki.ledger.command.AddTimelineEntry;
import io.kizuki.ledger.command.AssignRole;
import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.ChangeSeverity;
import io.kizuki.ledger.command.CloseIncident;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.CompleteActionItem;
import io.kizuki.ledger.command.DeclareIncident;
import io.kizuki.ledger.command.EditPostmortem;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.FlagRecurrence;
import io.kizuki.ledger.command.LinkChange;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.PublishPostmortem;
import io.kizuki.ledger.command.RecordAdoption;
import io.kizuki.ledger.command.RecordCanary;
import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.command.RecordPage;
import io.kizuki.ledger.command.RecordWarning;
import io.kizuki.ledger.command.ReopenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.command.SetStatus;
import io.kizuki.ledger.command.UpdateActionItem;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.ActionItemCompleted;
import io.kizuki.ledger.event.ActionItemUpdated;
import io.kizuki.ledger.event.AdoptionRecorded;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.CanaryPassed;
import io.kizuki.ledger.event.CanarySent;
import io.kizuki.ledger.event.ChangeLinked;
import io.kizuki.ledger.event.ChangeRecorded;
import io.kizuki.ledger.event.HeartbeatPinged;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;
import io.kizuki.ledger.event.PostmortemEdited;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;
import io.kizuki.ledger.event.WarningRecorded;

/**
 * JSON codec for the {@code data} of Kizuki records. Reading is tolerant: unknown fields are ignored,
 * unknown types are skipped and counted.
 */
public final class WireCodec {

    private static final Map<String, Class<? extends WireType>> CONTRACT_TYPES = Map.ofEntries(
            Map.entry(SignalReceived.TYPE, SignalReceived.class),
            Map.entry(LedgerCheckpoint.TYPE, LedgerCheckpoint.class),
            Map.entry(IncidentOpened.TYPE, IncidentOpened.class),
            Map.entry(AlertAttached.TYPE, AlertAttached.class),
            Map.entry(WarningRecorded.TYPE, WarningRecorded.class),
            Map.entry(IncidentAcknowledged.TYPE, IncidentAcknowledged.class),
            Map.entry(IncidentResolved.TYPE, IncidentResolved.class),
            Map.entry(OpenIncident.TYPE, OpenIncident.class),
            Map.entry(AttachAlert.TYPE, AttachAlert.class),
            Map.entry(RecordWarning.TYPE, RecordWarning.class),
            Map.entry(AcknowledgeIncident.TYPE, AcknowledgeIncident.class),
            Map.entry(ResolveIncident.TYPE, ResolveIncident.class),
            Map.entry(RoleAssigned.TYPE, RoleAssigned.class),
            Map.entry(SeverityChanged.TYPE, SeverityChanged.class),
            Map.entry(StatusChanged.TYPE, StatusChanged.class),
            Map.entry(TimelineEntryAdded.TYPE, TimelineEntryAdded.class),
            Map.entry(ChangeLinked.TYPE, ChangeLinked.class),
            Map.entry(IncidentReopened.TYPE, IncidentReopened.class),
            Map.entry(ActionItemAdded.TYPE, ActionItemAdded.class),
            Map.entry(ActionItemCompleted.TYPE, ActionItemCompleted.class),
            Map.entry(ActionItemUpdated.TYPE, ActionItemUpdated.class),
            Map.entry(IncidentClosed.TYPE, IncidentClosed.class),
            Map.entry(DeclareIncident.TYPE, DeclareIncident.class),
            Map.entry(AssignRole.TYPE, AssignRole.class),
            Map.entry(ChangeSeverity.TYPE, ChangeSeverity.class),
            Map.entry(SetStatus.TYPE, SetStatus.class),
            Map.entry(AddTimelineEntry.TYPE, AddTimelineEntry.class),
            Map.entry(LinkChange.TYPE, LinkChange.class),
            Map.entry(ReopenIncident.TYPE, ReopenIncident.class),
            Map.entry(AddActionItem.TYPE, AddActionItem.class),
            Map.entry(CompleteActionItem.TYPE, CompleteActionItem.class),
            Map.entry(UpdateActionItem.TYPE, UpdateActionItem.class),
            Map.entry(CloseIncident.TYPE, CloseIncident.class),
            Map.entry(ChangeRecorded.TYPE, ChangeRecorded.class),
            Map.entry(RecordChange.TYPE, RecordChange.class),
            Map.entry(HeartbeatPinged.TYPE, HeartbeatPinged.class),
            Map.entry(CanarySent.TYPE, CanarySent.class),
            Map.entry(CanaryPassed.TYPE, CanaryPassed.class),
            Map.entry(RecordCanary.TYPE, RecordCanary.class),
            Map.entry(RecordPage.TYPE, RecordPage.class),
            Map.entry(ResponderPaged.TYPE, ResponderPaged.class),
            Map.entry(EscalateIncident.TYPE, EscalateIncident.class),
            Map.entry(IncidentEscalated.TYPE, IncidentEscalated.class),
            Map.entry(RecordDelivery.TYPE, RecordDelivery.class),
            Map.entry(NotificationDelivered.TYPE, NotificationDelivered.class),
            Map.entry(NotificationFailed.TYPE, NotificationFailed.class),
            Map.entry(EditPostmortem.TYPE, EditPostmortem.class),
            Map.entry(PostmortemEdited.TYPE, PostmortemEdited.class),
            Map.entry(PublishPostmortem.TYPE, PublishPostmortem.class),
            Map.entry(PostmortemPublished.TYPE, PostmortemPublished.class),
            Map.entry(RecordAdoption.TYPE, RecordAdoption.class),
            Map.entry(AdoptionRecorded.TYPE, AdoptionRecorded.class),
            Map.entry(FlagRecurrence.TYPE, FlagRecurrence.class),
            Map.entry(RecurrenceFlagged.TYPE, RecurrenceFlagged.class),
            Map.entry(CommandResult.TYPE, CommandResult.class));

    private final ObjectMapper mapper;
    private final Map<String, Class<? extends WireType>> types;
    private final AtomicLong unknownTypes = new AtomicLong();

    /** A codec for the contract's types. */
    public WireCodec() {
        this(Map.of());
    }

    /** A codec for the contract's types plus a service's own internal types. */
    public WireCodec(Map<String, Class<? extends WireType>> extraTypes) {
        Map<String, Class<? extends WireType>> all = new HashMap<>(CONTRACT_TYPES);
        all.putAll(extraTypes);
        this.types = Map.copyOf(all);
        this.mapper = newMapper();
    }

    /**
     * The JSON mapper Kizuki's wire types are written with: ISO-8601 times (those in {@link Instant#toString()}'s form
     * read without a date-time formatter: {@link IsoInstants}), unknown fields ignored.
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("kizuki-instants")
                        .addDeserializer(Instant.class, new IsoInstants.Deserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] encode(WireType value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value.type(), e);
        }
    }

    public JsonNode toTree(WireType value) {
        return mapper.valueToTree(value);
    }

    /**
     * Decodes the data of an envelope.
     *
     * @return empty for a type this codec does not know (counted in {@link #unknownTypes()})
     * @throws MalformedRecordException when the type is known but the data does not fit it
     */
    public Optional<WireType> decode(Envelope envelope) {
        Class<? extends WireType> type = types.get(envelope.type());
        if (type == null) {
            unknownTypes.incrementAndGet();
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(envelope.data(), type));
        } catch (IOException e) {
            throw new MalformedRecordException("data does not fit " + envelope.type() + ": " + e.getMessage(), e);
        }
    }

    /** The contract's wire types by type name: every type this module defines for the topics. */
    public static Map<String, Class<? extends WireType>> contractTypes() {
        return CONTRACT_TYPES;
    }

    /** The class a type name decodes to; {@code null} for a type this codec does not know. */
    Class<? extends WireType> classOf(String type) {
        return types.get(type);
    }

    /** How many records of an unknown type were skipped. */
    public long unknownTypes() {
        return unknownTypes.get();
    }
}
