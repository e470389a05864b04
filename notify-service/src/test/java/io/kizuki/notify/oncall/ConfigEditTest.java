package io.kizuki.notify.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ConfigEditTest {

    private static String sample() throws IOException {
        return Files.readString(Path.of("../deploy/config/notify.yaml"));
    }

    @Test
    void setsOneObjectAndKeepsTheRestWithItsPlaceholders() throws IOException {
        String edited =
                ConfigEdit.put(sample(), "people", "dana", "{name: Dana, timeZone: Asia/Tokyo, email: d@example.com}");
        OnCallConfig config = ConfigLoader.parse(edited).config();
        assertThat(config.people().get("dana").email()).isEqualTo("d@example.com");
        assertThat(config.people()).containsKey("alice");
        assertThat(edited).contains("${KIZUKI_SMTP_PORT:3025}");
        assertThat(ConfigEdit.has(edited, "people", "dana")).isTrue();
    }

    @Test
    void removesOneObjectAndTheWholeCheckNamesWhatStillRefersToIt() throws IOException {
        String edited = ConfigEdit.remove(sample(), "people", "carol");
        assertThat(ConfigEdit.has(edited, "people", "carol")).isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse(edited))
                .isInstanceOfSatisfying(
                        ConfigLoader.InvalidConfigException.class, refused -> assertThat(refused.problems())
                                .extracting(ConfigLoader.Problem::detail)
                                .contains("no person named carol"));
    }

    @Test
    void refusesAnObjectThatIsNoMapping() {
        assertThatThrownBy(() -> ConfigEdit.put("people: {}", "people", "x", "- a list"))
                .isInstanceOf(ConfigEdit.NotAnObject.class);
    }
}
