package io.kizuki.notify.oncall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A person's request that someone take part of their shift, and what became of it: asked of one person ({@code to})
 * or of anyone in the schedule's rotation ({@code to} null); accepted, it is an override of the schedule for the
 * one who accepted; declined by the one asked; cancelled by the one who asked (or who accepted) while it has not
 * ended. Every step is an event with its actor and time ({@link #events}). Pure: transitions answer a new swap.
 */
public record ShiftSwap(
        String id,
        String schedule,
        Instant from,
        Instant until,
        String requester,
        String to,
        String reason,
        String state,
        String acceptedBy,
        List<Event> events) {

    public static final String REQUESTED = "requested";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String CANCELLED = "cancelled";

    /** One step of a swap: {@code kizuki.oncall.swap-requested.v1} and so on, who took it, when. */
    public record Event(String type, String actor, Instant at) {}

    /** A step that the swap's state does not allow. */
    public static final class NotAllowed extends RuntimeException {
        NotAllowed(String message) {
            super(message);
        }
    }

    public ShiftSwap {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** A new request. */
    public static ShiftSwap requested(
            String id,
            String schedule,
            Instant from,
            Instant until,
            String requester,
            String to,
            String reason,
            String actor,
            Instant at) {
        return new ShiftSwap(
                id,
                schedule,
                from,
                until,
                requester,
                to,
                reason,
                REQUESTED,
                null,
                List.of(new Event("kizuki.oncall.swap-requested.v1", actor, at)));
    }

    /**
     * Taken by {@code person}: the one asked, or (an open request) anyone but the one who asked.
     *
     * @throws NotAllowed when it is no longer requested, or the person may not take it
     */
    public ShiftSwap accepted(String person, String actor, Instant at) {
        requireRequested();
        if (person.equals(requester) || (to != null && !to.equals(person))) {
            throw new NotAllowed(to != null ? "only " + to + " was asked" : "the one who asked cannot take it");
        }
        return next(ACCEPTED, person, "kizuki.oncall.swap-accepted.v1", actor, at);
    }

    /**
     * Declined by the one asked.
     *
     * @throws NotAllowed when it is no longer requested, was asked of anyone, or of someone else
     */
    public ShiftSwap declined(String person, String actor, Instant at) {
        requireRequested();
        if (to == null || !to.equals(person)) {
            throw new NotAllowed(
                    to == null
                            ? "a request of anyone is not declined: it stays until taken or cancelled"
                            : "only " + to + " was asked");
        }
        return next(DECLINED, null, "kizuki.oncall.swap-declined.v1", actor, at);
    }

    /**
     * Cancelled by the one who asked, or (once accepted) by the one who took it, before it ends.
     *
     * @throws NotAllowed when it was declined or cancelled, has ended, or the person is neither
     */
    public ShiftSwap cancelled(String person, String actor, Instant at) {
        if (!(REQUESTED.equals(state) || ACCEPTED.equals(state))) {
            throw new NotAllowed("it was " + state + " already");
        }
        if (!until.isAfter(at)) {
            throw new NotAllowed("it has ended");
        }
        if (!person.equals(requester) && !person.equals(acceptedBy)) {
            throw new NotAllowed("only the one who asked, or who took it, cancels it");
        }
        return next(CANCELLED, acceptedBy, "kizuki.oncall.swap-cancelled.v1", actor, at);
    }

    /** What the schedule has for it: an override for the one who accepted, while accepted. */
    public Optional<OnCallConfig.Override> override() {
        return ACCEPTED.equals(state)
                ? Optional.of(new OnCallConfig.Override(acceptedBy, from, until))
                : Optional.empty();
    }

    private void requireRequested() {
        if (!REQUESTED.equals(state)) {
            throw new NotAllowed("it was " + state + " already");
        }
    }

    private ShiftSwap next(String newState, String by, String type, String actor, Instant at) {
        List<Event> all = new ArrayList<>(events);
        all.add(new Event(type, actor, at));
        return new ShiftSwap(id, schedule, from, until, requester, to, reason, newState, by, all);
    }
}
