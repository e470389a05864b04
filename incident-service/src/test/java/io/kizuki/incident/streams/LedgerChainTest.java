package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.LedgerChain;
import io.kizuki.ledger.LedgerVerifier;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AddTimelineEntry;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.IncidentResolved;

/**
 * The ledger the incident decider writes is chained stream by stream; the verifier names the first event that was
 * modified, removed or moved, and takes a chain that starts after events written before chaining began.
 */
class LedgerChainTest {

    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    private final DeciderDriver driver =
            new DeciderDriver("ledger-chain", T0, Duration.ofHours(24), CommandCredentials.TRUSTED);
    private List<TestRecord<String, byte[]>> ledger;

    @BeforeEach
    void writeTwoIncidents() {
        for (String incident : List.of("inc-a", "inc-b")) {
            driver.send("open-" + incident, CommandOutcomeRetentionTest.opening(incident), "kizuki:detection");
            driver.send("ack-" + incident, new AcknowledgeIncident(incident, null, null), "user:ann");
            driver.send(
                    "note-" + incident,
                    new AddTimelineEntry(incident, "entry-1", "note", null, "looking", null, null, null),
                    "user:ann");
            driver.send(
                    "resolve-" + incident,
                    new ResolveIncident(incident, IncidentResolved.MANUAL, null, null),
                    "user:ann");
        }
        ledger = driver.ledgerRecords();
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void chainsEveryEventToThePreviousOfItsStream() {
        var report = verify(ledger);

        assertThat(report.holds()).isTrue();
        assertThat(report.chained()).isEqualTo(ledger.size()).isGreaterThanOrEqualTo(8);
        assertThat(report.streams()).isEqualTo(2);
        assertThat(LedgerChain.read(ledger.getFirst().headers(), LedgerChain.PREVIOUS))
                .isEmpty();
        assertThat(LedgerChain.read(ledger.get(1).headers(), LedgerChain.PREVIOUS))
                .isEqualTo(LedgerChain.read(ledger.getFirst().headers(), LedgerChain.HASH));
    }

    @Test
    void namesAModifiedEvent() {
        List<TestRecord<String, byte[]>> copy = new ArrayList<>(ledger);
        TestRecord<String, byte[]> original = copy.get(2);
        byte[] changed = new String(original.value(), StandardCharsets.UTF_8)
                .replace("ann", "bob")
                .getBytes(StandardCharsets.UTF_8);
        copy.set(2, new TestRecord<>(original.key(), changed, original.headers(), original.timestamp()));

        assertThat(verify(copy).broken()).satisfies(broken -> {
            assertThat(broken.offset()).isEqualTo(2);
            assertThat(broken.reason()).startsWith("modified");
        });
    }

    @Test
    void namesTheEventAfterARemovedOne() {
        List<TestRecord<String, byte[]>> copy = new ArrayList<>(ledger);
        copy.remove(1);

        assertThat(verify(copy).broken()).satisfies(broken -> {
            assertThat(broken.offset()).isEqualTo(1);
            assertThat(broken.sequence()).isEqualTo(3);
            assertThat(broken.reason()).contains("removed");
        });
    }

    @Test
    void namesAnEventMovedBeforeAnEarlierOneOfItsStream() {
        List<TestRecord<String, byte[]>> copy = new ArrayList<>(ledger);
        Collections.swap(copy, 1, 2);

        assertThat(verify(copy).broken()).satisfies(broken -> {
            assertThat(broken.offset()).isEqualTo(1);
            assertThat(broken.sequence()).isEqualTo(3);
            assertThat(broken.reason()).contains("reordered");
        });
    }

    @Test
    void takesAChainThatStartsAfterEventsWrittenBeforeChainingBegan() {
        List<TestRecord<String, byte[]>> copy = new ArrayList<>();
        TestRecord<String, byte[]> first = ledger.getFirst();
        var unchained = new RecordHeaders(first.headers().toArray());
        unchained.remove(LedgerChain.PREVIOUS);
        unchained.remove(LedgerChain.HASH);
        copy.add(new TestRecord<>(first.key(), first.value(), unchained, first.timestamp()));
        TestRecord<String, byte[]> second = ledger.get(1);
        var envelope = CloudEventHeaders.read(second.headers(), second.value());
        var restarted = new RecordHeaders(second.headers().toArray());
        LedgerChain.write(restarted, "", LedgerChain.hash("", envelope));
        copy.add(new TestRecord<>(second.key(), second.value(), restarted, second.timestamp()));

        var report = verify(copy);
        assertThat(report.holds()).isTrue();
        assertThat(report.unchained()).isEqualTo(1);
        assertThat(report.chained()).isEqualTo(1);

        copy.add(first);
        assertThat(verify(copy).holds())
                .as("the first event again: out of order")
                .isFalse();
    }

    private static LedgerVerifier.Report verify(List<TestRecord<String, byte[]>> records) {
        var verifier = new LedgerVerifier();
        for (int offset = 0; offset < records.size(); offset++) {
            verifier.accept(
                    0,
                    offset,
                    records.get(offset).headers(),
                    records.get(offset).value());
        }
        return verifier.report();
    }
}
