package io.kizuki.report.incidents;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.ActionItemCompleted;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.ChangeLinked;
import io.kizuki.ledger.event.ChangeRecorded;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;
import io.kizuki.ledger.event.WarningRecorded;
import io.kizuki.report.checkpoint.CheckpointRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Projects the ledger into the incidents read model. Each record is applied in one transaction together with the
 * projection's checkpoint, so a record delivered twice, or a replay from offset 0, yields the same rows.
 * Unreadable records fail their message, which SmallRye sends to the dead-letter topic; the projection goes on.
 */
@ApplicationScoped
public class IncidentProjection {

    public static final String CHANNEL = "ledger-incidents";
    public static final String NAME = "incidents";
    private static final Logger LOG = Logger.getLogger(IncidentProjection.class);

    private final IncidentViewRepository incidents;
    private final CheckpointRepository checkpoints;
    private final WireCodec codec = new WireCodec();

    public IncidentProjection(IncidentViewRepository incidents, CheckpointRepository checkpoints,
            MeterRegistry meters) {
        this.incidents = incidents;
        this.checkpoints = checkpoints;
        FunctionCounter.builder("kizuki.unknown.event.types", codec, WireCodec::unknownTypes)
                .description("ledger records of an unknown type, skipped").tag("projection", NAME).register(meters);
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRecord(ConsumerRecord<String, byte[]> record) {
        Envelope envelope;
        Optional<WireType> decoded;
        try {
            envelope = CloudEventHeaders.read(record.headers(), record.value());
            decoded = codec.decode(envelope);
        } catch (MalformedRecordException e) {
            LOG.warnf("unreadable ledger record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Uni.createFrom().failure(e);
        }
        IncidentEvent event = decoded.filter(IncidentEvent.class::isInstance).map(IncidentEvent.class::cast)
                .orElse(null);
        return Panache.withTransaction(() -> checkpoints
                .applied(NAME, record.topic(), record.partition(), record.offset())
                .chain(applied -> applied || event == null
                        ? Uni.createFrom().voidItem()
                        : apply(event, envelope.sequence() == null ? 0 : envelope.sequence()))
                .chain(() -> checkpoints.advance(NAME, record.topic(), record.partition(), record.offset())))
                .onFailure(e -> !(e instanceof MalformedRecordException)).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(Long.MAX_VALUE);
    }

    private Uni<Void> apply(IncidentEvent event, long sequence) {
        if (event instanceof IncidentOpened opened) {
            return incidents.findById(opened.incidentId()).chain(existing -> {
                if (existing != null) {
                    return Uni.createFrom().voidItem();
                }
                var view = new IncidentView();
                view.id = opened.incidentId();
                view.title = opened.title();
                view.product = opened.product();
                view.service = opened.service();
                view.severity = opened.severity();
                view.status = IncidentStatus.TRIGGERED;
                view.dedupKey = opened.dedupKey();
                view.source = opened.source();
                view.openedAt = opened.openedAt();
                view.incidentClass = opened.signalClass();
                view.recurrenceOf = opened.recurrenceOf();
                view.summary = opened.summary();
                view.sequence = sequence;
                return incidents.persist(view).replaceWithVoid();
            });
        }
        return incidents.findById(event.incidentId()).chain(view -> {
            if (view == null || view.sequence >= sequence) {
                return Uni.createFrom().voidItem();
            }
            view.sequence = sequence;
            return switch (event) {
                case AlertAttached attached -> {
                    var alert = new AlertView();
                    alert.signalId = attached.signalId();
                    alert.incident = view;
                    alert.fingerprint = attached.fingerprint();
                    alert.title = attached.title();
                    alert.attachedAt = attached.attachedAt();
                    yield incidents.getSession().chain(session -> session.persist(alert));
                }
                case IncidentAcknowledged acknowledged -> {
                    view.status = IncidentStatus.ACKNOWLEDGED;
                    view.acknowledgedAt = acknowledged.acknowledgedAt();
                    view.acknowledgedBy = acknowledged.acknowledgedBy();
                    yield Uni.createFrom().voidItem();
                }
                case IncidentResolved resolved -> {
                    view.status = IncidentStatus.RESOLVED;
                    view.resolvedAt = resolved.resolvedAt();
                    view.resolvedBy = resolved.resolvedBy();
                    view.resolution = resolved.resolution();
                    yield Uni.createFrom().voidItem();
                }
                case WarningRecorded warning -> {
                    view.warning = warning.warning().length() > 1000 ? warning.warning().substring(0, 1000)
                            : warning.warning();
                    yield Uni.createFrom().voidItem();
                }
                case StatusChanged changed -> {
                    view.status = changed.to();
                    yield Uni.createFrom().voidItem();
                }
                case SeverityChanged changed -> {
                    view.severity = changed.to();
                    yield Uni.createFrom().voidItem();
                }
                case RoleAssigned assigned -> {
                    if ("commander".equals(assigned.role())) {
                        view.commander = assigned.assignee();
                    }
                    yield Uni.createFrom().voidItem();
                }
                case IncidentReopened reopened -> {
                    view.status = IncidentStatus.TRIGGERED;
                    view.resolvedAt = null;
                    view.resolvedBy = null;
                    view.resolution = null;
                    yield Uni.createFrom().voidItem();
                }
                case IncidentClosed closed -> {
                    view.status = IncidentStatus.CLOSED;
                    view.closedAt = closed.closedAt();
                    yield Uni.createFrom().voidItem();
                }
                case TimelineEntryAdded added -> Uni.createFrom().voidItem();
                case ChangeLinked linked -> Uni.createFrom().voidItem();
                case ChangeRecorded recorded -> Uni.createFrom().voidItem();
                case ActionItemAdded added -> Uni.createFrom().voidItem();
                case ActionItemCompleted completed -> Uni.createFrom().voidItem();
                case IncidentOpened opened -> Uni.createFrom().voidItem();
            };
        });
    }
}
