package io.kizuki.notify.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.kizuki.notify.oncall.OnCallConfig.Layer;
import io.kizuki.notify.oncall.OnCallConfig.Override;
import io.kizuki.notify.oncall.OnCallConfig.Restriction;
import io.kizuki.notify.oncall.OnCallConfig.Schedule;

/**
 * Rotation arithmetic: who is on call in a schedule at an instant, and the shifts of a time window. Pure functions
 * of the schedule; no clock.
 */
public final class Rotations {

    /** Someone on call from {@code start} (inclusive) until {@code end} (exclusive). */
    public record Shift(String person, Instant start, Instant end) {}

    /** How many days a restriction's window may last at most (a week), so how far back one may begin. */
    public static final int RESTRICTION_REACH_DAYS = 7;

    private Rotations() {}

    /**
     * How long a turn lasts: a period ({@code P1D}, {@code P1W}: hand-offs at the same local time, whatever DST does)
     * or a duration ({@code PT12H}: exactly that long). Exactly one of the two is set.
     */
    public record TurnLength(Period period, Duration duration) {

        /**
         * Reads an ISO-8601 period or duration.
         *
         * @throws IllegalArgumentException when it is neither, or not positive
         */
        public static TurnLength parse(String text) {
            try {
                TurnLength length = text.contains("T")
                        ? new TurnLength(null, Duration.parse(text))
                        : new TurnLength(Period.parse(text), null);
                if (length.approximateSeconds() <= 0) {
                    throw new IllegalArgumentException("a turn must be longer than zero: " + text);
                }
                return length;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 period (P7D) or duration (PT12H): " + text, e);
            }
        }

        /** When turn k begins: periods are added in local time (a daily hand-off stays at 09:00 across DST). */
        Instant handOff(LocalDateTime start, ZoneId zone, long turn) {
            if (duration != null) {
                return start.atZone(zone).toInstant().plus(duration.multipliedBy(turn));
            }
            return start.plusYears(period.getYears() * turn)
                    .plusMonths(period.getMonths() * turn)
                    .plusDays(period.getDays() * turn)
                    .atZone(zone)
                    .toInstant();
        }

        long approximateSeconds() {
            if (duration != null) {
                return duration.isNegative() ? -1 : duration.toSeconds();
            }
            return period.isNegative()
                    ? -1
                    : (period.getYears() * 365L + period.getMonths() * 30L + period.getDays()) * 86_400L;
        }
    }

    /**
     * Who is on call at that instant: the override that covers it (the last listed if several do), else the member
     * of the last layer that has someone on call then.
     */
    public static Optional<String> onCall(Schedule schedule, Instant at) {
        List<Override> overrides = schedule.overrides() == null ? List.of() : schedule.overrides();
        for (int i = overrides.size() - 1; i >= 0; i--) {
            Override override = overrides.get(i);
            if (!at.isBefore(override.from()) && at.isBefore(override.until())) {
                return Optional.of(override.person());
            }
        }
        List<Layer> layers = schedule.layers() == null ? List.of() : schedule.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Optional<String> member = member(layers.get(i), zone(schedule, layers.get(i)), at);
            if (member.isPresent()) {
                return member;
            }
        }
        return Optional.empty();
    }

    /** How far ahead the next person on call is looked for. */
    static final Duration NEXT_HORIZON = Duration.ofDays(92);

    /**
     * Who is on call next: the person of the first shift after the one under way that is someone else's (within 92
     * days); with nobody on call now, the person of the next shift.
     */
    public static Optional<String> next(Schedule schedule, Instant at) {
        Optional<String> now = onCall(schedule, at);
        return shifts(schedule, at, at.plus(NEXT_HORIZON)).stream()
                .map(Shift::person)
                .filter(person -> now.map(current -> !current.equals(person)).orElse(true))
                .findFirst();
    }

    /** Every member of a schedule's layers, in the order of the layers and their turns, each once. */
    public static List<String> members(Schedule schedule) {
        return (schedule.layers() == null ? List.<Layer>of() : schedule.layers())
                .stream()
                        .flatMap(layer -> layer.members() == null ? Stream.empty() : layer.members().stream())
                        .distinct()
                        .toList();
    }

    /** The shifts between two instants, cut at the window's bounds; gaps with nobody on call are left out. */
    public static List<Shift> shifts(Schedule schedule, Instant from, Instant to) {
        TreeSet<Instant> boundaries = new TreeSet<>();
        boundaries.add(from);
        boundaries.add(to);
        if (schedule.overrides() != null) {
            for (Override override : schedule.overrides()) {
                addWithin(boundaries, override.from(), from, to);
                addWithin(boundaries, override.until(), from, to);
            }
        }
        if (schedule.layers() != null) {
            for (Layer layer : schedule.layers()) {
                ZoneId zone = zone(schedule, layer);
                if (layer.from() != null) {
                    addWithin(boundaries, layer.from(), from, to);
                }
                if (layer.until() != null) {
                    addWithin(boundaries, layer.until(), from, to);
                }
                for (Restriction restriction : layer.restrictions()) {
                    LocalDate last = to.atZone(zone).toLocalDate();
                    for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(RESTRICTION_REACH_DAYS);
                            !day.isAfter(last);
                            day = day.plusDays(1)) {
                        if (restriction.day() == null || restriction.day() == day.getDayOfWeek()) {
                            addWithin(boundaries, windowStart(restriction, day, zone), from, to);
                            addWithin(boundaries, windowEnd(restriction, day, zone), from, to);
                        }
                    }
                }
                TurnLength length = TurnLength.parse(layer.length());
                long turn = Math.max(0, turn(layer, zone, length, from));
                for (Instant handOff = length.handOff(layer.start(), zone, turn);
                        handOff.isBefore(to);
                        handOff = length.handOff(layer.start(), zone, ++turn)) {
                    addWithin(boundaries, handOff, from, to);
                }
            }
        }
        List<Shift> shifts = new ArrayList<>();
        Instant start = null;
        String person = null;
        for (Instant boundary : boundaries) {
            String now = boundary.equals(to) ? null : onCall(schedule, boundary).orElse(null);
            if (start != null && (now == null || !now.equals(person))) {
                shifts.add(new Shift(person, start, boundary));
                start = null;
            }
            if (now != null && start == null) {
                start = boundary;
                person = now;
            }
        }
        return shifts;
    }

    private static void addWithin(TreeSet<Instant> boundaries, Instant instant, Instant from, Instant to) {
        if (instant.isAfter(from) && instant.isBefore(to)) {
            boundaries.add(instant);
        }
    }

    private static Optional<String> member(Layer layer, ZoneId zone, Instant at) {
        if ((layer.from() != null && at.isBefore(layer.from()))
                || (layer.until() != null && !at.isBefore(layer.until()))
                || !withinRestrictions(layer, zone, at)) {
            return Optional.empty();
        }
        long turn = turn(layer, zone, TurnLength.parse(layer.length()), at);
        if (turn < 0 || layer.members().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(layer.members().get((int) (turn % layer.members().size())));
    }

    /** Whether the instant falls in one of the layer's windows (always, without restrictions). */
    private static boolean withinRestrictions(Layer layer, ZoneId zone, Instant at) {
        if (layer.restrictions().isEmpty()) {
            return true;
        }
        LocalDate today = at.atZone(zone).toLocalDate();
        for (Restriction restriction : layer.restrictions()) {
            for (int back = 0; back <= RESTRICTION_REACH_DAYS; back++) {
                LocalDate day = today.minusDays(back);
                if ((restriction.day() == null || restriction.day() == day.getDayOfWeek())
                        && !at.isBefore(windowStart(restriction, day, zone))
                        && at.isBefore(windowEnd(restriction, day, zone))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Instant windowStart(Restriction restriction, LocalDate day, ZoneId zone) {
        return day.atTime(restriction.from()).atZone(zone).toInstant();
    }

    /** The window's end: its duration added in local time, so that DST moves neither end. */
    private static Instant windowEnd(Restriction restriction, LocalDate day, ZoneId zone) {
        return day.atTime(restriction.from())
                .plus(restriction.duration())
                .atZone(zone)
                .toInstant();
    }

    /** The turn that holds the instant: the largest k with handOff(k) at or before it; -1 before the layer starts. */
    private static long turn(Layer layer, ZoneId zone, TurnLength length, Instant at) {
        if (at.isBefore(length.handOff(layer.start(), zone, 0))) {
            return -1;
        }
        long approximate =
                Duration.between(length.handOff(layer.start(), zone, 0), at).toSeconds() / length.approximateSeconds();
        long turn = Math.max(0, approximate - 1);
        while (!length.handOff(layer.start(), zone, turn + 1).isAfter(at)) {
            turn++;
        }
        while (turn > 0 && length.handOff(layer.start(), zone, turn).isAfter(at)) {
            turn--;
        }
        return turn;
    }

    private static ZoneId zone(Schedule schedule, Layer layer) {
        return layer.timeZone() != null ? layer.timeZone() : schedule.timeZone();
    }
}
