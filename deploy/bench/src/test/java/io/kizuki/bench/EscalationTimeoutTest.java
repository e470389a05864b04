package io.kizuki.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class EscalationTimeoutTest {

    @Test
    void givesEverySampleLevelAnHourAndChangesNothingElse() throws IOException {
        String sample = Files.readString(Path.of("../config/notify.yaml"));

        String during = Benchmark.escalatingAfterTheRun(sample);

        assertThat(sample).contains("timeout: PT5M", "timeout: PT10M");
        assertThat(during).doesNotContain("timeout: PT5M", "timeout: PT10M").contains("after: PT5M");
        assertThat(during.split("timeout: PT1H", -1)).hasSize(3);
        assertThat(during.replace("timeout: PT1H", "")).isEqualTo(sample.replaceAll("timeout: PT\\d+M", ""));
    }

    @Test
    void replacesQuotedAndFlowStyleTimeouts() {
        assertThat(Benchmark.escalatingAfterTheRun("levels: [{timeout: \"PT2M\", targets: [{person: erin}]}]"))
                .isEqualTo("levels: [{timeout: PT1H, targets: [{person: erin}]}]");
    }
}
