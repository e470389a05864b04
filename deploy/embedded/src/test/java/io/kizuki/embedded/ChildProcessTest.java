package io.kizuki.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a real process: asked first, killed once its patience is over. */
class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void stopSaysAProcessThatEndsWhenAskedEndedByItself() {
        ChildProcess process =
                ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(), dir, dir.resolve("log"));

        assertThat(process.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(process.alive()).isFalse();
    }

    @Test
    void stopKillsAProcessThatDoesNotEndWithinItsPatience() {
        ChildProcess process = ChildProcess.start(
                "deaf",
                List.of("bash", "-c", "trap '' TERM; touch deaf; sleep 600"),
                Map.of(),
                dir,
                dir.resolve("log"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("deaf")));

        assertThat(process.stop(Duration.ofMillis(500))).isFalse();
        assertThat(process.alive()).isFalse();
        assertThat(process.exitCode()).isEqualTo(137);
    }
}
