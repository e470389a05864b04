package io.kizuki.report.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The compensatory leave the burden report suggests. */
class BurdenRepositoryTest {

    @Test
    void suggestsHalfADayPerNightAndADayPerWeekendDay() {
        var leave =
                BurdenRepository.leave(List.of(LocalDate.parse("2026-11-20")), List.of(LocalDate.parse("2026-11-22")));

        assertThat(leave.hours()).isEqualTo(12);
        assertThat(BurdenRepository.leave(List.of(), List.of())).isNull();
    }
}
