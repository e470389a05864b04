package io.kizuki.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.kizuki.bench.BenchStack;
import io.kizuki.bench.Benchmark;

/**
 * The benchmark harness in its smoke mode, on the shared stack: a few seconds of every load. It asserts only that
 * every request succeeded and every figure was produced; the targets live in the full benchmark, never in a test.
 */
class BenchmarkSmokeIT {

    @Test
    void everyLoadSucceedsAndEveryFigureIsProduced() {
        var figures =
                Benchmark.run(BenchStack.of(SharedStack.get()), Benchmark.Mode.SMOKE, Path.of("target/bench-smoke"));
        System.out.println(figures.markdown());

        assertThat(figures.problems()).isEmpty();
        assertThat(figures.rows()).hasSizeGreaterThanOrEqualTo(9).allSatisfy(row -> assertThat(row.kizuki())
                .doesNotContain("n/a", "null"));
    }
}
