package io.kizuki.incident.domain;

import java.util.List;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.RecordWarning;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.ledger.event.WarningRecorded;

/** The incident decider: pure functions, no I/O. {@code null} state means the stream does not exist yet. */
public final class IncidentDecider {

    /** In a command's allowed products: every product. */
    public static final String ALL_PRODUCTS = "*";

    private IncidentDecider() {
    }

    public static Decision decide(CommandContext context, IncidentCommand command, Incident state) {
        if (command instanceof OpenIncident open) {
            return state == null ? new Accepted(opening(open, context)) : conflict(state, "incident already exists");
        }
        if (state == null) {
            return new Rejected(Outcome.NOT_FOUND, "no incident " + command.incidentId());
        }
        if (command.allowedProducts() != null && !command.allowedProducts().contains(ALL_PRODUCTS)
                && !command.allowedProducts().contains(state.product())) {
            return new Rejected(Outcome.FORBIDDEN, "the caller may not act on incidents of product " + state.product());
        }
        if (command.expectedSequence() != null && command.expectedSequence() != state.sequence()) {
            return new Rejected(Outcome.PRECONDITION_FAILED, "incident is at sequence " + state.sequence()
                    + ", not " + command.expectedSequence());
        }
        return switch (command) {
            case AttachAlert attach -> state.status() == IncidentStatus.RESOLVED
                    ? conflict(state, "incident is resolved")
                    : new Accepted(List.of(attached(state.id(), attach.signal(), context)));
            case AcknowledgeIncident ack -> switch (state.status()) {
                case TRIGGERED -> new Accepted(List.of(
                        new IncidentAcknowledged(state.id(), context.actor(), context.time())));
                case ACKNOWLEDGED -> conflict(state, "incident is already acknowledged");
                case RESOLVED -> conflict(state, "incident is resolved");
            };
            case ResolveIncident resolve -> state.status() == IncidentStatus.RESOLVED
                    ? conflict(state, "incident is already resolved")
                    : new Accepted(List.of(new IncidentResolved(state.id(), context.actor(),
                            resolve.resolution() == null ? IncidentResolved.MANUAL : resolve.resolution(),
                            context.time())));
            case RecordWarning warning -> new Accepted(List.of(new WarningRecorded(state.id(), warning.warning(),
                    warning.signalId(), context.time())));
            case OpenIncident open -> throw new IllegalStateException("handled above");
        };
    }

    public static Incident evolve(Incident state, IncidentEvent event) {
        long sequence = state == null ? 1 : state.sequence() + 1;
        return switch (event) {
            case IncidentOpened o -> new Incident(o.incidentId(), IncidentStatus.TRIGGERED, o.title(), o.product(),
                    o.service(), o.severity(), o.dedupKey(), 0, sequence);
            case AlertAttached a -> new Incident(state.id(), state.status(), state.title(), state.product(),
                    state.service(), state.severity(), state.dedupKey(), state.alertCount() + 1, sequence);
            case WarningRecorded w -> withStatus(state, state.status(), sequence);
            case IncidentAcknowledged a -> withStatus(state, IncidentStatus.ACKNOWLEDGED, sequence);
            case IncidentResolved r -> withStatus(state, IncidentStatus.RESOLVED, sequence);
        };
    }

    private static List<IncidentEvent> opening(OpenIncident open, CommandContext context) {
        SignalReceived signal = open.signal();
        return List.of(
                new IncidentOpened(open.incidentId(), signal.title(), signal.product(), signal.service(),
                        signal.severity(), signal.dedupKey(), signal.source(), signal.signalId(), context.time(),
                        open.recurrenceOf(), signal.signalClass(), signal.links(), null),
                attached(open.incidentId(), signal, context));
    }

    private static AlertAttached attached(String incidentId, SignalReceived signal, CommandContext context) {
        return new AlertAttached(incidentId, signal.signalId(), signal.fingerprint(), signal.title(), context.time());
    }

    private static Incident withStatus(Incident state, IncidentStatus status, long sequence) {
        return new Incident(state.id(), status, state.title(), state.product(), state.service(), state.severity(),
                state.dedupKey(), state.alertCount(), sequence);
    }

    private static Rejected conflict(Incident state, String detail) {
        return new Rejected(Outcome.CONFLICT, detail);
    }
}
