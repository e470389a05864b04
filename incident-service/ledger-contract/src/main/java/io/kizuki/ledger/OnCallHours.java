package io.kizuki.ledger;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;

/**
 * When a page disturbed someone, in their own time zone (the one {@code ResponderPaged} carries, so that the ledger
 * alone says it, also years later; the one rule of the on-call burden, wherever it is counted): a night page falls between 22:00 and 07:00 and belongs to
 * the night that began on the evening before (a 02:00 page on Sunday disturbed Saturday's night); a weekend page is
 * a daytime page on a Saturday or Sunday (a weekend night page counts as a night).
 */
public final class OnCallHours {

    public static final int NIGHT_STARTS = 22;
    public static final int NIGHT_ENDS = 7;

    /** A page's local time, the ISO week it counts in, and which night or weekend day it disturbed, if any. */
    public record Local(String zone, LocalDateTime time, String week, LocalDate nightOf, LocalDate weekendDay) {}

    private OnCallHours() {}

    /** Classifies a page; an unknown time zone counts as UTC and says so in {@link Local#zone()}. */
    public static Local of(Instant pagedAt, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException | NullPointerException e) {
            zone = ZoneOffset.UTC;
        }
        LocalDateTime local = LocalDateTime.ofInstant(pagedAt, zone);
        LocalDate date = local.toLocalDate();
        int hour = local.getHour();
        LocalDate nightOf = hour >= NIGHT_STARTS ? date : hour < NIGHT_ENDS ? date.minusDays(1) : null;
        boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        String week =
                "%d-W%02d".formatted(date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return new Local(zone.getId(), local, week, nightOf, weekend && nightOf == null ? date : null);
    }
}
