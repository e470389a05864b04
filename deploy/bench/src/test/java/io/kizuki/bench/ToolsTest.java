package io.kizuki.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ToolsTest {

    @Test
    void tellsHowLongAProcessHasBeenRunning() {
        Duration jvmUptime =
                Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());

        Duration age = Tools.processAge(ProcessHandle.current().pid());

        // the process started before its JVM's clock and was measured after it, to the kernel's 10 ms ticks
        assertThat(age).isBetween(jvmUptime.minusMillis(20), jvmUptime.plusSeconds(2));
    }
}
