package io.kizuki.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** Nights and weekends in the paged person's own time zone. */
class OnCallHoursTest {

    @Test
    void aPageAfterMidnightBelongsToTheNightThatBeganTheEveningBefore() {
        var local = OnCallHours.of(Instant.parse("2026-11-21T01:30:00Z"), "Europe/Berlin");

        assertThat(local.time()).hasToString("2026-11-21T02:30");
        assertThat(local.nightOf()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(local.weekendDay()).as("a weekend night counts as a night").isNull();
        assertThat(local.week()).isEqualTo("2026-W47");
    }

    @Test
    void theNightStartsAtTenAndEndsAtSevenLocalTime() {
        assertThat(OnCallHours.of(Instant.parse("2026-11-18T20:59:00Z"), "Europe/Berlin")
                        .nightOf())
                .isNull();
        assertThat(OnCallHours.of(Instant.parse("2026-11-18T21:00:00Z"), "Europe/Berlin")
                        .nightOf())
                .isEqualTo(LocalDate.parse("2026-11-18"));
        assertThat(OnCallHours.of(Instant.parse("2026-11-19T05:59:00Z"), "Europe/Berlin")
                        .nightOf())
                .isEqualTo(LocalDate.parse("2026-11-18"));
        assertThat(OnCallHours.of(Instant.parse("2026-11-19T06:00:00Z"), "Europe/Berlin")
                        .nightOf())
                .isNull();
    }

    @Test
    void theSameInstantIsADayPageInOneZoneAndANightPageInAnother() {
        Instant at = Instant.parse("2026-11-18T14:00:00Z");

        assertThat(OnCallHours.of(at, "Europe/Berlin").nightOf()).isNull();
        assertThat(OnCallHours.of(at, "Pacific/Auckland").nightOf()).isEqualTo(LocalDate.parse("2026-11-18"));
    }

    @Test
    void aDaytimePageOnSundayIsAWeekendPageAndCountsInThatIsoWeek() {
        var local = OnCallHours.of(Instant.parse("2026-11-22T16:00:00Z"), "America/New_York");

        assertThat(local.weekendDay()).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(local.week()).isEqualTo("2026-W47");
    }

    @Test
    void followsTheClockAcrossADaylightSavingChange() {
        assertThat(OnCallHours.of(Instant.parse("2026-03-29T05:30:00Z"), "Europe/Berlin")
                        .time())
                .hasToString("2026-03-29T07:30");
        assertThat(OnCallHours.of(Instant.parse("2026-03-29T04:30:00Z"), "Europe/Berlin")
                        .nightOf())
                .isEqualTo(LocalDate.parse("2026-03-28"));
    }

    @Test
    void anUnknownTimeZoneCountsAsUtcAndSaysSo() {
        var local = OnCallHours.of(Instant.parse("2026-11-18T23:00:00Z"), "Mars/Olympus");

        assertThat(local.zone()).isEqualTo("Z");
        assertThat(local.nightOf()).isEqualTo(LocalDate.parse("2026-11-18"));
    }
}
