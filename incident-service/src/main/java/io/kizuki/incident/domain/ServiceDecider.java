package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.Decisions.accept;
import static io.kizuki.incident.domain.Decisions.allowed;
import static io.kizuki.incident.domain.Decisions.conflict;
import static io.kizuki.incident.domain.Decisions.forbidden;

import io.kizuki.ledger.command.RecordCanary;
import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.command.ServiceCommand;
import io.kizuki.ledger.event.CanaryPassed;
import io.kizuki.ledger.event.ChangeRecorded;
import io.kizuki.ledger.event.ServiceEvent;

/**
 * The service decider: the aggregate of a service's own ledger stream ({@code service:<name>}), which holds its
 * changes (deploys, rollbacks, config changes, flags), or Kizuki's own canaries, and is no incident. Pure functions, no I/O; {@code null}
 * state means the stream does not exist yet.
 */
public final class ServiceDecider {

    private ServiceDecider() {}

    public static Decision decide(CommandContext context, ServiceCommand command, ServiceStream state) {
        if (!command.stream().startsWith(ServiceCommand.STREAM_PREFIX)) {
            return conflict("changes are recorded on service streams, not on incident " + command.stream());
        }
        return switch (command) {
            case RecordChange change -> recordChange(change, context);
            case RecordCanary canary -> recordCanary(canary, context);
        };
    }

    public static ServiceStream evolve(ServiceStream state, ServiceEvent event) {
        long sequence = state == null ? 1 : state.sequence() + 1;
        return switch (event) {
            case ChangeRecorded c -> new ServiceStream(c.stream(), sequence);
            case CanaryPassed c -> new ServiceStream(c.stream(), sequence);
        };
    }

    /** Changes go on the service's stream, whatever it holds. */
    private static Decision recordChange(RecordChange change, CommandContext context) {
        if (!allowed(change, change.product())) {
            return forbidden(change.product());
        }
        return accept(new ChangeRecorded(
                change.stream(),
                change.changeId(),
                change.product(),
                change.service(),
                change.version(),
                change.kind(),
                change.summary(),
                change.links(),
                change.actor(),
                change.occurredAt() == null ? context.time() : change.occurredAt(),
                context.actor(),
                context.time()));
    }

    /** A canary's stage goes on Kizuki's own stream, once per canary and stage (the command id says so). */
    private static Decision recordCanary(RecordCanary canary, CommandContext context) {
        if (!CanaryPassed.STREAM.equals(canary.stream())) {
            return conflict("canaries are recorded on " + CanaryPassed.STREAM + ", not on " + canary.stream());
        }
        if (!CanaryPassed.DECIDED.equals(canary.stage()) && !CanaryPassed.PROJECTED.equals(canary.stage())) {
            return conflict("a canary's stage is " + CanaryPassed.DECIDED + " or " + CanaryPassed.PROJECTED);
        }
        return accept(new CanaryPassed(
                canary.stream(),
                canary.canaryId(),
                canary.stage(),
                canary.sentAt(),
                canary.deadline(),
                context.time()));
    }
}
