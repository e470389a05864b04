package io.kizuki.notify.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ICalendarTest {

    private static final Instant NOW = Instant.parse("2026-11-22T13:00:00Z");

    @Test
    void writesOneEventPerShiftInUtcWithCrlfLineEnds() {
        String ics = ICalendar.of(
                "shop-primary",
                "Shop, primary",
                List.of(new Rotations.Shift(
                        "alice", Instant.parse("2026-11-02T08:00:00Z"), Instant.parse("2026-11-09T08:00:00Z"))),
                NOW);
        assertThat(ics)
                .startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
                .endsWith("END:VCALENDAR\r\n")
                .contains("X-WR-CALNAME:On call: Shop\\, primary\r\n")
                .contains("BEGIN:VEVENT\r\nUID:shop-primary-1793606400-alice@kizuki\r\nDTSTAMP:20261122T130000Z\r\n"
                        + "DTSTART:20261102T080000Z\r\nDTEND:20261109T080000Z\r\n")
                .doesNotContain("\n\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void foldsLinesLongerThanSeventyFiveOctetsWithoutSplittingACharacter() {
        String name = "Équipe ".repeat(20);
        String ics = ICalendar.of("s", name, List.of(), NOW);
        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
        }
        String unfolded = ics.replace("\r\n ", "");
        assertThat(unfolded).contains("X-WR-CALNAME:On call: " + name + "\r\n");
    }

    @Test
    void escapesTextValues() {
        assertThat(ICalendar.text("a;b,c\\d\ne")).isEqualTo("a\\;b\\,c\\\\d\\ne");
    }
}
