package io.kizuki.incident.replay;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.incident.streams.Colocation;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.TopicWindow;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.SignalReceived;

/**
 * Reads a window of {@code kizuki.signals.v1} into a {@link ReplaySandbox} in the order detection read it: each
 * partition in offset order, the partitions merged by record time (a draft grouping may join streams of several
 * partitions), with the people's resolves and reopens of the same window from the ledger at their place in time. Its
 * own consumer, no consumer group, nothing written.
 */
final class SignalLog {

    /** How often a replay says how far it has read. */
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);

    /** Records buffered per partition before it is paused. */
    private static final int BUFFER = 20_000;

    /** A signal's original payload is not needed to detect it: skipped, not built. */
    @JsonIgnoreProperties({"original"})
    private abstract static class WithoutOriginal {}

    /** A person's resolve or reopen of an incident, at its record time. */
    private record Action(long timestamp, boolean resolved, String incidentId) {}

    /** What a replay read: records of the window, of them signals of its products, and the window's size. */
    record Read(long records, long signals, long total) {}

    /** How far a replay has read. */
    @FunctionalInterface
    interface Progress {
        void read(long read, long total);
    }

    private final KafkaSettings settings;
    private final ObjectMapper json = WireCodec.newMapper().addMixIn(SignalReceived.class, WithoutOriginal.class);

    SignalLog(KafkaSettings settings) {
        this.settings = settings;
    }

    /**
     * Replays the signals of {@code products} recorded from {@code from} until {@code until}.
     *
     * @return what it read
     */
    Read replay(Instant from, Instant until, Predicate<String> products, ReplaySandbox sandbox, Progress progress) {
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024),
                ConsumerConfig.CLIENT_ID_CONFIG, "kizuki-replay"));
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            int commandPartitions = consumer.partitionsFor(Topics.COMMANDS, Duration.ofSeconds(30))
                    .size();
            ArrayDeque<Action> actions = actions(consumer, from, until, progress);
            TopicWindow signals = TopicWindow.of(consumer, Topics.SIGNALS, from, until);
            long total = signals.total();
            Map<Integer, Colocation> colocations = new HashMap<>();
            Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
            signals.start().keySet().forEach(partition -> buffers.put(partition, new ArrayDeque<>()));
            long read = 0;
            long replayed = 0;
            long reported = System.nanoTime();
            while (true) {
                fill(consumer, signals, buffers);
                ArrayDeque<ConsumerRecord<byte[], byte[]>> next = buffers.values().stream()
                        .filter(buffer -> !buffer.isEmpty())
                        .min(Comparator.comparingLong((ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer) ->
                                        buffer.peekFirst().timestamp())
                                .thenComparingInt(buffer -> buffer.peekFirst().partition()))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                ConsumerRecord<byte[], byte[]> record = next.pollFirst();
                while (!actions.isEmpty() && actions.peekFirst().timestamp() <= record.timestamp()) {
                    act(sandbox, actions.pollFirst());
                }
                read++;
                SignalReceived signal = signal(record);
                if (signal != null && products.test(signal.product())) {
                    sandbox.signal(
                            signal,
                            colocations.computeIfAbsent(
                                    record.partition(), partition -> new Colocation(partition, commandPartitions)));
                    replayed++;
                }
                if (System.nanoTime() - reported > REPORT_EVERY.toNanos()) {
                    progress.read(read, total);
                    reported = System.nanoTime();
                }
            }
            actions.forEach(action -> act(sandbox, action));
            return new Read(read, replayed, total);
        }
    }

    private static void act(ReplaySandbox sandbox, Action action) {
        if (action.resolved()) {
            sandbox.resolved(action.incidentId());
        } else {
            sandbox.reopened(action.incidentId());
        }
    }

    /**
     * Polls until every partition not read to its window's end has a record buffered (so that the merge is by time),
     * pausing the partitions whose buffers are full.
     */
    private static void fill(
            KafkaConsumer<byte[], byte[]> consumer,
            TopicWindow window,
            Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers) {
        while (buffers.entrySet().stream()
                .anyMatch(entry -> entry.getValue().isEmpty() && !window.finished(consumer, entry.getKey()))) {
            List<TopicPartition> full = buffers.entrySet().stream()
                    .filter(entry -> entry.getValue().size() >= BUFFER)
                    .map(Map.Entry::getKey)
                    .toList();
            consumer.pause(full);
            consumer.resume(buffers.keySet().stream()
                    .filter(partition -> !full.contains(partition))
                    .toList());
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (window.holds(partition, record.offset())) {
                    buffers.get(partition).addLast(record);
                }
            }
        }
    }

    private SignalReceived signal(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null || !SignalReceived.TYPE.equals(CloudEventHeaders.type(record.headers()))) {
            return null;
        }
        try {
            return json.readValue(record.value(), SignalReceived.class);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The people's resolves and reopens recorded on the ledger in the window, in time order; while it reads, it says
     * every 2 s that nothing of the signals has been read yet (so the replay is not taken for stopped).
     */
    private ArrayDeque<Action> actions(
            KafkaConsumer<byte[], byte[]> consumer, Instant from, Instant until, Progress progress) {
        TopicWindow ledger = TopicWindow.of(consumer, Topics.LEDGER, from, until);
        List<Action> actions = new ArrayList<>();
        long reported = System.nanoTime();
        while (!ledger.finished(consumer)) {
            if (System.nanoTime() - reported > REPORT_EVERY.toNanos()) {
                progress.read(0, 0);
                reported = System.nanoTime();
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                String type = CloudEventHeaders.type(record.headers());
                if (!ledger.holds(partition, record.offset()) || record.value() == null || type == null) {
                    continue;
                }
                if (type.equals(IncidentResolved.TYPE) || type.equals(IncidentReopened.TYPE)) {
                    try {
                        JsonNode event = json.readTree(record.value());
                        boolean resolved = type.equals(IncidentResolved.TYPE);
                        if (!resolved
                                || IncidentResolved.MANUAL.equals(
                                        event.path("resolution").asText())) {
                            actions.add(new Action(
                                    record.timestamp(),
                                    resolved,
                                    event.path("incidentId").asText()));
                        }
                    } catch (IOException e) {
                        // a ledger record no consumer can read changed no incident: nothing to replay
                    }
                }
            }
        }
        actions.sort(Comparator.comparingLong(Action::timestamp));
        return new ArrayDeque<>(actions);
    }
}
