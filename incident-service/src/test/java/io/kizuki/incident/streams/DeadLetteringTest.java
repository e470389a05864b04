package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.client.DeadLetterWriter;

/** What the deciders cannot use goes to the dead-letter topic as it was, saying why, where it was and who. */
class DeadLetteringTest {

    private static final Instant T0 = Instant.parse("2026-12-03T03:00:00Z");

    private final DeciderDriver driver = new DeciderDriver(
            "dead-lettering-test",
            T0,
            Duration.ofHours(24),
            (command, headers) -> CommandCredentials.Authority.ENVELOPE);

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void deadLettersACommandRecordWithoutCloudEventsAttributesAndGoesOn() {
        byte[] value = "{\"incidentId\":\"inc-1\"}".getBytes(StandardCharsets.UTF_8);
        var headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, "kizuki.command.acknowledge-incident.v1".getBytes(StandardCharsets.UTF_8));

        driver.sendRaw("inc-1", value, headers);
        driver.send("open-1", CommandOutcomeRetentionTest.opening("inc-2"), "kizuki:detection");

        TestRecord<String, byte[]> letter = driver.deadLetters().getFirst();
        assertThat(letter.key()).isEqualTo("inc-1");
        assertThat(letter.value()).isEqualTo(value);
        assertThat(header(letter, CloudEventHeaders.TYPE)).isEqualTo("kizuki.command.acknowledge-incident.v1");
        assertThat(header(letter, DeadLetterWriter.REASON)).contains("missing CloudEvents attribute");
        assertThat(header(letter, DeadLetterWriter.TOPIC)).isEqualTo(Topics.COMMANDS);
        assertThat(header(letter, DeadLetterWriter.PARTITION)).isEqualTo("0");
        assertThat(header(letter, DeadLetterWriter.OFFSET)).isEqualTo("0");
        assertThat(header(letter, DeadLetterWriter.CONSUMER)).isEqualTo(WireSupport.CONSUMER);
        assertThat(driver.results()).hasSize(1);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
