package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.Decisions.accept;
import static io.kizuki.incident.domain.Decisions.conflict;
import static io.kizuki.incident.domain.Decisions.word;

import java.util.ArrayList;
import java.util.List;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.command.RecordPage;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.LedgerEvent;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;
import io.kizuki.ledger.event.ResponderPaged;

/**
 * Paging records: who was paged, how each notification ended, and escalation of what nobody acknowledged, level
 * by level (notify-service asks when a level's timeout passes). Pure: no I/O.
 */
final class PagingDecider {

    private PagingDecider() {}

    /** A person was paged for the incident (notify-service's record). */
    static Decision recordPage(Incident state, RecordPage page, CommandContext context) {
        return accept(new ResponderPaged(
                state.id(),
                state.product(),
                page.pageId(),
                page.person(),
                page.timeZone(),
                page.channel(),
                page.level(),
                context.actor(),
                page.pagedAt() == null ? context.time() : page.pagedAt()));
    }

    /**
     * How a notification ended: delivered, or failed (and whether it is tried again in a later round); the people its
     * first round paged come first, one {@link ResponderPaged} each.
     */
    static Decision recordDelivery(Incident state, RecordDelivery delivery, CommandContext context) {
        List<LedgerEvent> events = new ArrayList<>(delivery.pages().size() + 1);
        for (RecordDelivery.Page page : delivery.pages()) {
            events.add(new ResponderPaged(
                    state.id(),
                    state.product(),
                    page.pageId(),
                    page.person(),
                    page.timeZone(),
                    delivery.channel(),
                    delivery.level(),
                    context.actor(),
                    page.pagedAt() == null ? context.time() : page.pagedAt()));
        }
        events.add(
                delivery.delivered()
                        ? new NotificationDelivered(
                                state.id(),
                                state.product(),
                                delivery.notificationId(),
                                delivery.channel(),
                                delivery.recipient(),
                                delivery.purpose(),
                                delivery.level(),
                                delivery.attempts(),
                                context.actor(),
                                delivery.at() == null ? context.time() : delivery.at(),
                                delivery.reference())
                        : new NotificationFailed(
                                state.id(),
                                state.product(),
                                delivery.notificationId(),
                                delivery.channel(),
                                delivery.recipient(),
                                delivery.purpose(),
                                delivery.level(),
                                delivery.attempts(),
                                delivery.reason(),
                                delivery.retrying(),
                                context.actor(),
                                delivery.at() == null ? context.time() : delivery.at()));
        return new Decision.Accepted(events);
    }

    /** Escalates only what nobody acknowledged, from the level it is at: a second timer for a level is refused. */
    static Decision escalate(Incident state, EscalateIncident escalate, CommandContext context) {
        if (state.status() != IncidentStatus.TRIGGERED) {
            return conflict("incident is " + word(state.status()) + "; only a triggered incident escalates");
        }
        if (state.level() != escalate.fromLevel()) {
            return conflict("incident is at escalation level " + state.level() + ", not " + escalate.fromLevel());
        }
        return accept(new IncidentEscalated(
                state.id(),
                state.product(),
                state.level(),
                state.level() + 1,
                escalate.policy(),
                context.actor(),
                context.time()));
    }
}
