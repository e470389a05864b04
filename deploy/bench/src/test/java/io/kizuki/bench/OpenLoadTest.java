package io.kizuki.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class OpenLoadTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        List<Long> nanos =
                LongStream.rangeClosed(1, 100).map(ms -> ms * 1_000_000).boxed().toList();

        assertThat(OpenLoad.percentile(nanos, 50)).isEqualTo(50.0);
        assertThat(OpenLoad.percentile(nanos, 99)).isEqualTo(99.0);
        assertThat(OpenLoad.percentile(List.of(7_000_000L), 99)).isEqualTo(7.0);
        assertThat(OpenLoad.percentile(List.of(), 50)).isNaN();
    }
}
