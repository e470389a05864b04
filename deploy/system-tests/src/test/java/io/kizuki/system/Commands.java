package io.kizuki.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool from outside the JVM (promtool, node, npm, kcat) the way an operator or another team would. */
final class Commands {

    private Commands() {}

    /** Runs the command in the folder and returns what it printed (both streams); fails the test unless it exits 0. */
    static String run(Path directory, Duration patience, List<String> command)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS))
                .as(String.join(" ", command) + " ended")
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + output)
                .isZero();
        return output;
    }
}
