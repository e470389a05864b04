package io.kizuki.notify.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.kizuki.notify.oncall.OnCallConfig.Layer;
import io.kizuki.notify.oncall.OnCallConfig.Override;
import io.kizuki.notify.oncall.OnCallConfig.Restriction;
import io.kizuki.notify.oncall.OnCallConfig.Schedule;
import io.kizuki.notify.oncall.Rotations.Shift;

class RotationsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Schedule weekly(List<Override> overrides) {
        return new Schedule(
                "shop",
                BERLIN,
                List.of(new Layer(
                        "weekly",
                        List.of("alice", "bob", "carol"),
                        "P7D",
                        LocalDateTime.parse("2026-11-02T09:00:00"),
                        null)),
                overrides);
    }

    private static Optional<String> at(Schedule schedule, String instant) {
        return Rotations.onCall(schedule, Instant.parse(instant));
    }

    @Test
    void handsOffExactlyAtTheHandOffTime() {
        Schedule schedule = weekly(List.of());
        // 09:00 Berlin is 08:00 UTC in November
        assertThat(at(schedule, "2026-11-09T07:59:59Z")).contains("alice");
        assertThat(at(schedule, "2026-11-09T08:00:00Z")).contains("bob");
        assertThat(at(schedule, "2026-11-16T08:00:00Z")).contains("carol");
        assertThat(at(schedule, "2026-11-23T08:00:00Z")).contains("alice");
    }

    @Test
    void nobodyIsOnCallBeforeTheRotationStarts() {
        assertThat(at(weekly(List.of()), "2026-11-02T07:59:59Z")).isEmpty();
    }

    @Test
    void aWeeklyHandOffStaysAtNineLocalAcrossTheEndOfSummerTime() {
        Schedule schedule = new Schedule(
                "shop",
                BERLIN,
                List.of(new Layer(
                        "weekly", List.of("alice", "bob"), "P7D", LocalDateTime.parse("2026-10-19T09:00:00"), null)),
                List.of());
        // 2026-10-19 09:00 CEST = 07:00 UTC; after 25 October, 09:00 CET = 08:00 UTC
        assertThat(at(schedule, "2026-10-26T07:30:00Z")).contains("alice");
        assertThat(at(schedule, "2026-10-26T08:00:00Z")).contains("bob");
    }

    @Test
    void aTwelveHourDurationIsExactlyTwelveHoursAcrossTheStartOfSummerTime() {
        Schedule schedule = new Schedule(
                "sre",
                BERLIN,
                List.of(new Layer(
                        "shifts", List.of("sam", "tom"), "PT12H", LocalDateTime.parse("2027-03-27T20:00:00"), null)),
                List.of());
        // 2027-03-27 20:00 CET = 19:00 UTC; summer time starts 2027-03-28 02:00, the next hand-off is 12 h later:
        // 07:00 UTC = 09:00 CEST, not 08:00
        assertThat(at(schedule, "2027-03-28T06:59:59Z")).contains("sam");
        assertThat(at(schedule, "2027-03-28T07:00:00Z")).contains("tom");
    }

    @Test
    void aLayerInItsOwnTimeZoneHandsOffAtItsLocalTime() {
        Schedule schedule = new Schedule(
                "shop",
                BERLIN,
                List.of(new Layer(
                        "new york",
                        List.of("carol", "dave"),
                        "P1D",
                        LocalDateTime.parse("2026-11-02T09:00:00"),
                        ZoneId.of("America/New_York"))),
                List.of());
        // 09:00 in New York is 14:00 UTC in November
        assertThat(at(schedule, "2026-11-03T13:59:00Z")).contains("carol");
        assertThat(at(schedule, "2026-11-03T14:00:00Z")).contains("dave");
    }

    @Test
    void anOverrideWinsOverTheLayersAndTheLastListedWinsOverAnother() {
        Schedule schedule = weekly(List.of(
                new Override("erin", Instant.parse("2026-11-03T00:00:00Z"), Instant.parse("2026-11-04T00:00:00Z")),
                new Override("dave", Instant.parse("2026-11-03T12:00:00Z"), Instant.parse("2026-11-03T13:00:00Z"))));
        assertThat(at(schedule, "2026-11-02T23:59:59Z")).contains("alice");
        assertThat(at(schedule, "2026-11-03T00:00:00Z")).contains("erin");
        assertThat(at(schedule, "2026-11-03T12:30:00Z")).contains("dave");
        assertThat(at(schedule, "2026-11-03T13:00:00Z")).contains("erin");
        assertThat(at(schedule, "2026-11-04T00:00:00Z")).contains("alice");
    }

    @Test
    void aLaterLayerWinsWhereItHasSomeone() {
        Schedule schedule = new Schedule(
                "shop",
                BERLIN,
                List.of(
                        new Layer(
                                "weekly",
                                List.of("alice", "bob"),
                                "P7D",
                                LocalDateTime.parse("2026-11-02T09:00:00"),
                                null),
                        new Layer(
                                "from december",
                                List.of("carol"),
                                "P7D",
                                LocalDateTime.parse("2026-12-01T09:00:00"),
                                null)),
                List.of());
        assertThat(at(schedule, "2026-11-30T12:00:00Z")).contains("alice");
        assertThat(at(schedule, "2026-12-01T08:00:00Z")).contains("carol");
    }

    @Test
    void shiftsOfAWindowFollowHandOffsAndOverrides() {
        Schedule schedule = weekly(List.of(
                new Override("erin", Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-11T00:00:00Z"))));
        List<Shift> shifts = Rotations.shifts(
                schedule, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-17T00:00:00Z"));
        assertThat(shifts)
                .containsExactly(
                        new Shift(
                                "alice", Instant.parse("2026-11-02T08:00:00Z"), Instant.parse("2026-11-09T08:00:00Z")),
                        new Shift("bob", Instant.parse("2026-11-09T08:00:00Z"), Instant.parse("2026-11-10T00:00:00Z")),
                        new Shift("erin", Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-11T00:00:00Z")),
                        new Shift("bob", Instant.parse("2026-11-11T00:00:00Z"), Instant.parse("2026-11-16T08:00:00Z")),
                        new Shift(
                                "carol", Instant.parse("2026-11-16T08:00:00Z"), Instant.parse("2026-11-17T00:00:00Z")));
    }

    private static Schedule dayLayerWithNightsOnTop(List<Restriction> nights, Instant from, Instant until) {
        return new Schedule(
                "shop",
                BERLIN,
                List.of(
                        new Layer("days", List.of("alice"), "P7D", LocalDateTime.parse("2026-01-05T09:00:00"), null),
                        new Layer(
                                "nights",
                                List.of("bob", "carol"),
                                "P1D",
                                LocalDateTime.parse("2026-01-05T18:00:00"),
                                null,
                                nights,
                                from,
                                until)),
                List.of());
    }

    @Test
    void aLayerRestrictedToNightsLetsTheLayerBelowShowThroughByDay() {
        Schedule schedule = dayLayerWithNightsOnTop(
                List.of(new Restriction(null, LocalTime.of(18, 0), Duration.ofHours(15))), null, null);
        // 2026-03-02 is a Monday; Berlin is UTC+1 in winter
        assertThat(at(schedule, "2026-03-02T16:59:59Z")).contains("alice");
        assertThat(at(schedule, "2026-03-02T17:00:00Z")).contains("bob");
        assertThat(at(schedule, "2026-03-03T07:59:59Z")).contains("bob");
        assertThat(at(schedule, "2026-03-03T08:00:00Z")).contains("alice");
        // the turns went on by day: carol's turn began at 18:00 on Tuesday
        assertThat(at(schedule, "2026-03-03T17:00:00Z")).contains("carol");
    }

    @Test
    void aRestrictedWindowKeepsItsLocalTimesAcrossTheStartOfSummerTime() {
        Schedule schedule = dayLayerWithNightsOnTop(
                List.of(new Restriction(null, LocalTime.of(18, 0), Duration.ofHours(15))), null, null);
        // summer time began on Sunday 2026-03-29: the night from Sunday to Monday still ends at 09:00 local (07:00Z)
        assertThat(at(schedule, "2026-03-30T06:59:59Z")).contains("carol");
        assertThat(at(schedule, "2026-03-30T07:00:00Z")).contains("alice");
        assertThat(at(schedule, "2026-03-30T15:59:59Z")).contains("alice");
        assertThat(at(schedule, "2026-03-30T16:00:00Z")).contains("bob");
    }

    @Test
    void aWeeklyWindowSpansTheDaysItLasts() {
        Schedule schedule = dayLayerWithNightsOnTop(
                List.of(new Restriction(DayOfWeek.FRIDAY, LocalTime.of(18, 0), Duration.ofHours(63))), null, null);
        // Friday 2026-03-06 18:00 until Monday 2026-03-09 09:00, Berlin
        assertThat(at(schedule, "2026-03-06T16:59:59Z")).contains("alice");
        assertThat(at(schedule, "2026-03-06T17:00:00Z")).isPresent().get().isNotEqualTo("alice");
        assertThat(at(schedule, "2026-03-08T12:00:00Z")).isPresent().get().isNotEqualTo("alice");
        assertThat(at(schedule, "2026-03-09T08:00:00Z")).contains("alice");
        assertThat(at(schedule, "2026-03-10T20:00:00Z")).contains("alice");
    }

    @Test
    void aLayerHasNobodyOutsideItsBounds() {
        Schedule schedule = dayLayerWithNightsOnTop(
                List.of(), Instant.parse("2026-03-02T17:00:00Z"), Instant.parse("2026-03-04T17:00:00Z"));
        assertThat(at(schedule, "2026-03-02T16:59:59Z")).contains("alice");
        assertThat(at(schedule, "2026-03-02T17:00:00Z")).contains("bob");
        assertThat(at(schedule, "2026-03-04T16:59:59Z")).contains("carol");
        assertThat(at(schedule, "2026-03-04T17:00:00Z")).contains("alice");
    }

    @Test
    void shiftsFollowTheWindowsOfARestrictedLayer() {
        Schedule schedule = dayLayerWithNightsOnTop(
                List.of(new Restriction(null, LocalTime.of(18, 0), Duration.ofHours(15))), null, null);
        assertThat(Rotations.shifts(
                        schedule, Instant.parse("2026-03-02T12:00:00Z"), Instant.parse("2026-03-03T12:00:00Z")))
                .containsExactly(
                        new Shift(
                                "alice", Instant.parse("2026-03-02T12:00:00Z"), Instant.parse("2026-03-02T17:00:00Z")),
                        new Shift("bob", Instant.parse("2026-03-02T17:00:00Z"), Instant.parse("2026-03-03T08:00:00Z")),
                        new Shift(
                                "alice", Instant.parse("2026-03-03T08:00:00Z"), Instant.parse("2026-03-03T12:00:00Z")));
    }

    @Test
    void findsTheTurnFarFromTheStart() {
        Schedule schedule = weekly(List.of());
        // 52 weeks later: turn 52, 52 % 3 = 1
        assertThat(at(schedule, "2027-11-01T08:00:00Z")).contains("bob");
        assertThat(at(schedule, "2027-11-01T07:59:59Z")).contains("alice");
    }

    @Test
    void refusesATurnLengthThatIsNotAPositivePeriodOrDuration() {
        assertThatThrownBy(() -> Rotations.TurnLength.parse("weekly")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rotations.TurnLength.parse("P0D")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rotations.TurnLength.parse("-PT1H")).isInstanceOf(IllegalArgumentException.class);
    }
}
