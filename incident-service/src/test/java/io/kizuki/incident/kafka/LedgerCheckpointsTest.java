package io.kizuki.incident.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.LedgerChain;
import io.kizuki.ledger.LedgerCheckpoint;
import io.kizuki.ledger.LedgerVerifier;
import io.kizuki.ledger.WireCodec;

/**
 * A partition's checkpoints as {@link PartitionCheckpoint} makes them, checked by the verifier: they hold over the
 * events they name, and catch what the chains alone cannot — the last events of a stream removed.
 */
class LedgerCheckpointsTest {

    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
    private static final WireCodec CODEC = new WireCodec();

    private record Record(Headers headers, byte[] value) {}

    /**
     * Two streams of five events each, interleaved, chained as the decider chains them; a checkpoint every four, each
     * on its way while two more events are read (it lands after them, as Kafka acknowledges it later).
     */
    private static List<Record> partition(int every) {
        List<Record> records = new ArrayList<>();
        Map<String, String> last = new HashMap<>();
        var checkpoints = new PartitionCheckpoint(0, null);
        LedgerCheckpoint onItsWay = null;
        int readMeanwhile = 0;
        for (int i = 0; i < 10; i++) {
            String stream = i % 2 == 0 ? "inc-a" : "inc-b";
            var event = new Envelope(
                    "event-" + i,
                    "/kizuki/incident-service",
                    "kizuki.incident.timeline-entry-added.v1",
                    stream,
                    T0.plusSeconds(i),
                    (long) (i / 2 + 1),
                    null,
                    null,
                    "user:ann",
                    ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            var headers = new RecordHeaders();
            CloudEventHeaders.write(event, headers);
            String hash = LedgerChain.hash(last.get(stream), event);
            LedgerChain.write(headers, last.get(stream), hash);
            last.put(stream, hash);
            records.add(new Record(headers, event.data()));
            checkpoints.event(event.id(), hash, records.size() - 1, T0);
            if (onItsWay != null && ++readMeanwhile == 2) {
                checkpoints.written(onItsWay);
                records.add(checkpointRecord(onItsWay));
                onItsWay = null;
            } else if (onItsWay == null && checkpoints.due(every, Duration.ofHours(1), true, T0)) {
                onItsWay = checkpoints.next(T0);
                readMeanwhile = 0;
            }
        }
        return records;
    }

    private static Record checkpointRecord(LedgerCheckpoint checkpoint) {
        byte[] data = CODEC.encode(checkpoint);
        var headers = new RecordHeaders();
        CloudEventHeaders.write(
                new Envelope(
                        "checkpoint-" + checkpoint.lastEventId(),
                        LedgerCheckpoints.SOURCE,
                        LedgerCheckpoint.TYPE,
                        LedgerCheckpoint.subject(checkpoint.partition()),
                        T0,
                        null,
                        null,
                        null,
                        "kizuki:ledger-checkpoints",
                        data),
                headers);
        return new Record(headers, data);
    }

    private static LedgerVerifier.Report verify(List<Record> records) {
        var verifier = new LedgerVerifier();
        IntStream.range(0, records.size())
                .forEach(offset -> verifier.accept(
                        0,
                        offset,
                        records.get(offset).headers(),
                        records.get(offset).value()));
        return verifier.report();
    }

    @Test
    void checkpointsHoldOverTheEventsTheyName() {
        var report = verify(partition(4));

        assertThat(report.holds()).isTrue();
        assertThat(report.chained()).isEqualTo(10);
        assertThat(report.checkpoints()).isEqualTo(2);
        assertThat(report.checkpointsSkipped()).isZero();
    }

    @Test
    void catchesTheLastEventOfAStreamRemovedWhichItsChainCannot() {
        List<Record> records = partition(4);
        // inc-a's last two events (its 4th and 5th): its chain still holds, it only ends earlier
        List<Record> withoutTail = new ArrayList<>(records);
        withoutTail.removeIf(record ->
                List.of("event-6", "event-8").contains(LedgerChain.read(record.headers(), CloudEventHeaders.ID)));
        List<Record> chainsOnly = withoutTail.stream()
                .filter(record -> !LedgerCheckpoint.TYPE.equals(CloudEventHeaders.type(record.headers())))
                .toList();
        assertThat(verify(chainsOnly).holds()).as("the chains alone").isTrue();

        assertThat(verify(withoutTail).broken()).satisfies(broken -> {
            assertThat(broken.stream()).isEqualTo("ledger-partition-0");
            assertThat(broken.reason()).contains("event-7").contains("Merkle root");
        });
    }

    @Test
    void aCheckpointWrittenTwiceAroundAHandOverStillHolds() {
        List<Record> records = partition(4);
        int first = records.size();
        for (int i = 0; i < records.size(); i++) {
            if (LedgerCheckpoint.TYPE.equals(
                    CloudEventHeaders.type(records.get(i).headers()))) {
                first = i;
                break;
            }
        }
        records.add(first + 2, records.get(first));

        var report = verify(records);
        assertThat(report.holds()).isTrue();
        assertThat(report.checkpoints()).isEqualTo(3);
    }

    @Test
    void eventsReadWhileACheckpointIsOnItsWayWaitForTheNext() {
        var checkpoints = new PartitionCheckpoint(0, null);
        checkpoints.event("event-0", "00".repeat(32), 0, T0);
        checkpoints.event("event-1", "11".repeat(32), 1, T0);
        LedgerCheckpoint first = checkpoints.next(T0);
        checkpoints.event("event-2", "22".repeat(32), 2, T0);

        checkpoints.written(first);
        LedgerCheckpoint second = checkpoints.next(T0);
        // read back from the ledger after Kafka acknowledged it: nothing more to take off
        checkpoints.checkpoint(first);

        assertThat(second.afterEventId()).isEqualTo("event-1");
        assertThat(second.lastEventId()).isEqualTo("event-2");
        assertThat(second.events()).isEqualTo(1);
        assertThat(checkpoints.pending()).isEqualTo(1);
    }

    @Test
    void aQuietPartitionIsNotCheckpointedUntilAnotherEventArrives() {
        var checkpoints = new PartitionCheckpoint(0, null);
        checkpoints.event("event-0", "00".repeat(32), 0, T0);

        assertThat(checkpoints.due(1000, Duration.ofMinutes(5), false, T0.plus(Duration.ofHours(1))))
                .isFalse();
        assertThat(checkpoints.due(1000, Duration.ofMinutes(5), true, T0.plus(Duration.ofMinutes(4))))
                .isFalse();
        assertThat(checkpoints.due(1000, Duration.ofMinutes(5), true, T0.plus(Duration.ofMinutes(5))))
                .isTrue();
    }

    @Test
    void anotherWritersCheckpointTakesTheEventsItCoversOff() {
        var checkpoints = new PartitionCheckpoint(0, null);
        checkpoints.event("event-0", "00".repeat(32), 0, T0);
        checkpoints.event("event-1", "11".repeat(32), 1, T0);
        checkpoints.event("event-2", "22".repeat(32), 2, T0);

        checkpoints.checkpoint(new LedgerCheckpoint(0, null, "event-1", 2, "root", T0));

        assertThat(checkpoints.pending()).isEqualTo(1);
        assertThat(checkpoints.after()).isEqualTo("event-1");
        assertThat(checkpoints.next(T0).afterEventId()).isEqualTo("event-1");
    }
}
