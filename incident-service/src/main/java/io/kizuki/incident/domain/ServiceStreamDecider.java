package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.Decisions.accept;
import static io.kizuki.incident.domain.Decisions.allowed;
import static io.kizuki.incident.domain.Decisions.conflict;
import static io.kizuki.incident.domain.Decisions.forbidden;

import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.event.ChangeRecorded;

/**
 * Service streams ({@code service:<name>}): the changes (deploys, rollbacks, config changes, flags) of a service, on
 * a stream of their own that is not an incident. Pure: no I/O.
 */
final class ServiceStreamDecider {

    private ServiceStreamDecider() {
    }

    /** Changes go on the service's stream, whatever it holds; the stream is not an incident. */
    static Decision decide(RecordChange change, CommandContext context) {
        if (!change.incidentId().startsWith(RecordChange.STREAM_PREFIX)) {
            return conflict("changes are recorded on service streams, not on incident " + change.incidentId());
        }
        if (!allowed(change, change.product())) {
            return forbidden(change.product());
        }
        return accept(new ChangeRecorded(change.incidentId(), change.changeId(), change.product(), change.service(),
                change.version(), change.kind(), change.summary(), change.links(), change.actor(),
                change.occurredAt() == null ? context.time() : change.occurredAt(), context.actor(), context.time()));
    }
}
