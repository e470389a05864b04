package io.kizuki.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor over real processes: a killed one is reported and started again, once per death. */
class SupervisorTest {

    @TempDir
    Path dir;

    @Test
    void reportsAProcessThatEndedAndStartsItAgainWithALongerBackOffEachTime() {
        List<String> said = new CopyOnWriteArrayList<>();
        Supplier<ChildProcess> sleeper =
                () -> ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(), dir, dir.resolve("sleeper.log"));
        ChildProcess first = sleeper.get();
        try (var supervisor = new Supervisor(said::add)) {
            supervisor.watch("sleeper", first, sleeper);

            first.kill();

            // it counts the restart, then says so
            await().atMost(Duration.ofSeconds(10)).until(() -> said.size() == 2);
            assertThat(supervisor.restarts("sleeper")).isEqualTo(1);
            ChildProcess second = supervisor.current("sleeper");
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(second.alive()).isTrue();
            assertThat(said).hasSize(2);
            assertThat(said.get(0))
                    .startsWith("sleeper (pid " + first.pid() + ") ended with exit code 137")
                    .endsWith("starting it again in 0.2 s");
            assertThat(said.get(1)).isEqualTo("sleeper is running again (pid " + second.pid() + ", restart 1)");

            second.kill();

            await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.restarts("sleeper") == 2);
            assertThat(said.get(2)).endsWith("starting it again in 0.4 s");
            supervisor.current("sleeper").kill();
        }
    }

    @Test
    void triesAgainWithALongerBackOffWhenAStartFails() {
        List<String> said = new CopyOnWriteArrayList<>();
        AtomicInteger starts = new AtomicInteger();
        Supplier<ChildProcess> sleeper =
                () -> ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(), dir, dir.resolve("sleeper.log"));
        ChildProcess first = sleeper.get();
        try (var supervisor = new Supervisor(said::add)) {
            supervisor.watch("sleeper", first, () -> {
                if (starts.incrementAndGet() == 1) {
                    throw new IllegalStateException("port 8080 in use");
                }
                return sleeper.get();
            });

            first.kill();

            await().atMost(Duration.ofSeconds(10)).until(() -> said.size() == 3);
            assertThat(supervisor.restarts("sleeper")).isEqualTo(1);
            assertThat(starts).hasValue(2);
            assertThat(said.get(1)).isEqualTo("sleeper did not start again: port 8080 in use; trying again in 0.4 s");
            assertThat(said.get(2))
                    .isEqualTo("sleeper is running again (pid "
                            + supervisor.current("sleeper").pid() + ", restart 1)");
            supervisor.current("sleeper").kill();
        }
    }

    @Test
    void saysItsBackOffsInSecondsWithoutTrailingZeros() {
        assertThat(Supervisor.seconds(Supervisor.FIRST_BACKOFF)).isEqualTo("0.2 s");
        assertThat(Supervisor.seconds(Duration.ofMillis(1600))).isEqualTo("1.6 s");
        assertThat(Supervisor.seconds(Supervisor.MAX_BACKOFF)).isEqualTo("60 s");
    }
}
