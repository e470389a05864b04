package io.kizuki.report.learning;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.FlagRecurrence;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.report.ledger.LedgerRecord;
import io.kizuki.report.ledger.ReadModels;
import io.kizuki.report.ledger.ServiceCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The recurrence check: prevention did not hold when an incident opens with the same dedup key, or the same service
 * and class, as an earlier incident whose prevention action items were all done. report-service follows the ledger
 * for openings (consumer group {@value #GROUP}), looks the earlier incident up in its read models, and sends
 * {@link FlagRecurrence} for both incidents to incident-service ({@link ServiceCommands}). The command ids derive from the two incidents, and the decider records a flag once, so reading
 * the ledger again flags nothing twice. A check that fails for the database or Kafka being away, or for want of a
 * service-account token, is tried again with a back-off (the openings behind it wait); only one that fails on its
 * data is logged and skipped.
 */
@ApplicationScoped
public class RecurrenceCheck {

    public static final String CHANNEL = "recurrence";
    public static final String GROUP = "kizuki-report-recurrence";
    private static final Logger LOG = Logger.getLogger(RecurrenceCheck.class);

    private final LearningRepository learning;
    private final ServiceCommands commands;
    private final WireCodec codec = new WireCodec();
    private final Counter flagged;

    public RecurrenceCheck(LearningRepository learning, ServiceCommands commands, MeterRegistry meters) {
        this.learning = learning;
        this.commands = commands;
        this.flagged = Counter.builder("kizuki.recurrences.flagged")
                .description("incidents found to repeat one whose prevention actions were done")
                .register(meters);
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRecord(ConsumerRecord<String, byte[]> record) {
        String type = CloudEventHeaders.type(record.headers());
        if (!IncidentOpened.TYPE.equals(type)) {
            return Uni.createFrom().voidItem();
        }
        LedgerRecord read = LedgerRecord.read(record, codec);
        if (!(read.event() instanceof IncidentOpened opened)) {
            return Uni.createFrom().voidItem();
        }
        // the dedup key can match only when detection saw an earlier incident of the stream (recurrenceOf)
        return learning.preventedBefore(
                        opened.incidentId(),
                        opened.product(),
                        opened.recurrenceOf() == null ? null : opened.dedupKey(),
                        opened.service(),
                        opened.signalClass(),
                        opened.openedAt())
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    LearningRepository.Prevented earlier = found.get();
                    LOG.infof(
                            "incident %s repeats %s (same %s), whose prevention actions were done: flagging both",
                            opened.incidentId(), earlier.incidentId(), earlier.matchedBy());
                    flagged.increment();
                    return send(new FlagRecurrence(
                                    opened.incidentId(),
                                    earlier.incidentId(),
                                    RecurrenceFlagged.RECURRENCE_OF,
                                    earlier.matchedBy()))
                            .chain(() -> send(new FlagRecurrence(
                                    earlier.incidentId(),
                                    opened.incidentId(),
                                    RecurrenceFlagged.RECURRED_AS,
                                    earlier.matchedBy())));
                })
                // the database or Kafka being away delays the check; it is never skipped for that
                .onFailure(failure -> !ReadModels.cannotApply(failure))
                .invoke(failure -> LOG.warnf(
                        "checking incident %s for a recurrence failed, retrying: %s",
                        opened.incidentId(), failure.toString()))
                .onFailure(failure -> !ReadModels.cannotApply(failure))
                .retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .indefinitely()
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.errorf(
                            "cannot check incident %s for a recurrence: %s", opened.incidentId(), failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Sends a flag; without a valid token it waits (and this consumer with it) rather than being refused. */
    private Uni<Void> send(FlagRecurrence command) {
        String commandId =
                StableId.of("flag-recurrence", command.incidentId(), command.otherIncidentId(), command.relation());
        return Uni.createFrom().completionStage(() -> commands.send(commandId, command));
    }
}
