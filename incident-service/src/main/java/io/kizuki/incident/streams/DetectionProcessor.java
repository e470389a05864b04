package io.kizuki.incident.streams;

import static io.kizuki.incident.streams.WireSupport.CODEC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.kizuki.incident.domain.Detection;
import io.kizuki.incident.domain.DetectionDecider;
import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.incident.domain.DetectionState;
import io.kizuki.incident.domain.FiringChange;
import io.kizuki.incident.domain.Heartbeat;
import io.kizuki.incident.silence.SuppressedAlert;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.RecordCanary;
import io.kizuki.ledger.event.CanaryPassed;
import io.kizuki.ledger.event.CanarySent;
import io.kizuki.ledger.event.HeartbeatPinged;
import io.kizuki.ledger.event.SignalReceived;
import io.opentelemetry.api.trace.Tracer;

/**
 * Runs the detection decider for the dedup streams of its partition: reads signals and detection feedback, keeps
 * each stream's {@link DetectionState} in a changelogged store, and sends commands to incident streams: straight to
 * the incident decider of its own task for an incident of its partition (in the same transaction), through the
 * commands topic for any other.
 */
class DetectionProcessor extends DeciderProcessor {

    static final String ACTOR = "kizuki:detection";
    private static final byte[] FIRING = {1};

    /** How often heartbeats are checked for silence. */
    static final Duration HEARTBEAT_CHECK = Duration.ofSeconds(1);

    private final IntSupplier commandPartitions;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, byte[]> heartbeats;
    private Colocation colocation;

    DetectionProcessor(DeciderMetrics metrics, Tracer tracer, IntSupplier commandPartitions) {
        super(metrics, tracer);
        this.commandPartitions = commandPartitions;
    }

    @Override
    void openStores(ProcessorContext<String, byte[]> context) {
        this.colocation = new Colocation(context.taskId().partition(), commandPartitions.getAsInt());
        this.store = context.getStateStore(TopologyProducer.DETECTION_STORE);
        this.heartbeats = context.getStateStore(TopologyProducer.HEARTBEAT_STORE);
        context.schedule(HEARTBEAT_CHECK, PunctuationType.WALL_CLOCK_TIME, this::checkHeartbeats);
    }

    @Override
    void decide(Record<String, byte[]> record, Envelope envelope, WireType value) {
        String dedupKey = record.key();
        if (value instanceof HeartbeatPinged ping) {
            Heartbeat.Decided decided = Heartbeat.onPing(loadHeartbeat(dedupKey), ping);
            heartbeats.put(dedupKey, WireSupport.json(decided.state()));
            decided.signal()
                    .ifPresent(signal -> detect(
                            dedupKey,
                            signal,
                            signal.signalId(),
                            envelope.correlationId(),
                            envelope.time(),
                            record.timestamp()));
            return;
        }
        if (value instanceof CanarySent canary) {
            passOn(canary, envelope, record.timestamp());
            return;
        }
        DetectionState state = load(dedupKey);
        Detection detection =
                switch (value) {
                    case SignalReceived signal -> onSignal(dedupKey, state, signal);
                    case DetectionFeedback.IncidentClosed closed ->
                        DetectionDecider.onIncidentClosed(state, closed.incidentId());
                    case DetectionFeedback.IncidentReopened reopened ->
                        DetectionDecider.onIncidentReopened(state, reopened.incidentId());
                    case DetectionFeedback.AlertRejected rejected -> {
                        boolean firing = firing(dedupKey, rejected.signal());
                        yield DetectionDecider.onAlertRejected(
                                state,
                                rejected.incidentId(),
                                firing,
                                firing ? null : suppressedBy(dedupKey, rejected.signal()),
                                rejected.signal(),
                                colocation);
                    }
                    default -> {
                        deadLetter(record, "not a signal: " + envelope.type());
                        yield new Detection(state, List.of(), List.of());
                    }
                };
        apply(dedupKey, state, detection, envelope.id(), envelope.correlationId(), envelope.time(), record.timestamp());
    }

    /** Runs detection for a signal this processor raised itself (a heartbeat's silence or return). */
    private void detect(
            String dedupKey,
            SignalReceived signal,
            String causeId,
            String correlationId,
            Instant time,
            long timestamp) {
        DetectionState state = load(dedupKey);
        apply(dedupKey, state, onSignal(dedupKey, state, signal), causeId, correlationId, time, timestamp);
    }

    /** The decider's answer to a signal, given what the store keeps of its fingerprint. */
    private Detection onSignal(String dedupKey, DetectionState state, SignalReceived signal) {
        boolean firing = firing(dedupKey, signal);
        // a fingerprint firing in the open incident is not suppressed: one is suppressed only while none is open
        return DetectionDecider.onSignal(
                state, firing, firing ? null : suppressedBy(dedupKey, signal), signal, colocation);
    }

    private void apply(
            String dedupKey,
            DetectionState state,
            Detection detection,
            String causeId,
            String correlationId,
            Instant time,
            long timestamp) {
        for (FiringChange change : detection.changes()) {
            switch (change) {
                case FiringChange.Add add -> store.put(fingerprintKey(dedupKey, add.fingerprint()), FIRING);
                case FiringChange.Remove remove -> store.delete(fingerprintKey(dedupKey, remove.fingerprint()));
                case FiringChange.Clear clear -> clear(dedupKey);
                case FiringChange.Suppressed suppressed ->
                    suppress(dedupKey, suppressed.signal(), causeId, correlationId, time, timestamp);
                case FiringChange.Lifted lifted -> lift(dedupKey, lifted, timestamp);
            }
        }
        if (!detection.state().equals(state)) {
            store.put(dedupKey, WireSupport.json(detection.state()));
        }
        for (IncidentCommand command : detection.commands()) {
            metrics.detected(command.type());
            String commandId = StableId.of(causeId, command.type(), command.incidentId());
            var out = new Envelope(
                    commandId,
                    WireSupport.SOURCE,
                    command.type(),
                    command.incidentId(),
                    time,
                    null,
                    causeId,
                    correlationId == null ? causeId : correlationId,
                    ACTOR,
                    CODEC.encode(command));
            context.forward(
                    WireSupport.record(command.incidentId(), out, timestamp),
                    colocation.here(command.incidentId()) ? TopologyProducer.DECIDE : TopologyProducer.COMMANDS_SINK);
        }
    }

    /** A canary passes detection untouched: the incident decider records it as decided on Kizuki's own stream. */
    private void passOn(CanarySent canary, Envelope envelope, long timestamp) {
        var command = new RecordCanary(
                CanaryPassed.STREAM, canary.canaryId(), CanaryPassed.DECIDED, canary.sentAt(), canary.deadline());
        String commandId = StableId.of(envelope.id(), command.type(), command.stream());
        var out = new Envelope(
                commandId,
                WireSupport.SOURCE,
                command.type(),
                command.stream(),
                envelope.time(),
                null,
                envelope.id(),
                envelope.correlationId() == null ? envelope.id() : envelope.correlationId(),
                ACTOR,
                CODEC.encode(command));
        context.forward(
                WireSupport.record(command.stream(), out, timestamp),
                colocation.here(command.stream()) ? TopologyProducer.DECIDE : TopologyProducer.COMMANDS_SINK);
    }

    /** Every second: a heartbeat whose interval has passed since its last ping goes silent and raises a signal. */
    private void checkHeartbeats(long now) {
        Instant at = Instant.ofEpochMilli(now);
        List<KeyValue<String, Heartbeat.Decided>> silenced = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = heartbeats.all()) {
            all.forEachRemaining(entry -> {
                Heartbeat.Decided decided = Heartbeat.onClock(read(entry.key, entry.value), at);
                if (decided.signal().isPresent()) {
                    silenced.add(KeyValue.pair(entry.key, decided));
                }
            });
        }
        for (KeyValue<String, Heartbeat.Decided> silence : silenced) {
            heartbeats.put(silence.key, WireSupport.json(silence.value.state()));
            SignalReceived signal = silence.value.signal().orElseThrow();
            detect(silence.key, signal, signal.signalId(), null, at, now);
        }
    }

    private Heartbeat loadHeartbeat(String dedupKey) {
        byte[] bytes = heartbeats.get(dedupKey);
        return bytes == null ? null : read(dedupKey, bytes);
    }

    private static Heartbeat read(String dedupKey, byte[] bytes) {
        try {
            return CODEC.mapper().readValue(bytes, Heartbeat.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable heartbeat " + dedupKey, e);
        }
    }

    private boolean firing(String dedupKey, SignalReceived signal) {
        return store.get(fingerprintKey(dedupKey, signal.fingerprint())) != null;
    }

    private String suppressedBy(String dedupKey, SignalReceived signal) {
        byte[] silenceId = store.get(suppressedKey(dedupKey, signal.fingerprint()));
        return silenceId == null ? null : new String(silenceId, StandardCharsets.UTF_8);
    }

    /** Keeps the alert as suppressed by its silence, and says so beside the silence on {@code kizuki.silences.v1}. */
    private void suppress(
            String dedupKey,
            SignalReceived signal,
            String causeId,
            String correlationId,
            Instant time,
            long timestamp) {
        store.put(
                suppressedKey(dedupKey, signal.fingerprint()),
                signal.silencedBy().getBytes(StandardCharsets.UTF_8));
        SuppressedAlert alert = SuppressedAlert.of(signal);
        String key = SuppressedAlert.key(alert.silenceId(), dedupKey, alert.fingerprint());
        var out = new Envelope(
                StableId.of(causeId, SuppressedAlert.TYPE, key),
                WireSupport.SOURCE,
                SuppressedAlert.TYPE,
                alert.silenceId(),
                time,
                null,
                causeId,
                correlationId == null ? causeId : correlationId,
                ACTOR,
                CODEC.encode(alert));
        context.forward(WireSupport.record(key, out, timestamp), TopologyProducer.SILENCES_SINK);
    }

    /** The alert is no longer suppressed: forgotten, and its record beside the silence deleted (a tombstone). */
    private void lift(String dedupKey, FiringChange.Lifted lifted, long timestamp) {
        store.delete(suppressedKey(dedupKey, lifted.fingerprint()));
        context.forward(
                new Record<String, byte[]>(
                        SuppressedAlert.key(lifted.silenceId(), dedupKey, lifted.fingerprint()), null, timestamp),
                TopologyProducer.SILENCES_SINK);
    }

    /** Forgets every firing fingerprint of the stream (not the suppressed ones: no incident holds them). */
    private void clear(String dedupKey) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> firing =
                store.prefixScan(fingerprintPrefix(dedupKey), new StringSerializer())) {
            firing.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(store::delete);
    }

    /**
     * Where a stream's firing fingerprint is kept: beside the stream's state, under a prefix no state key has (dedup
     * keys never start with a control character) and that names its stream unambiguously (the key's length first).
     */
    static String fingerprintKey(String dedupKey, String fingerprint) {
        return fingerprintPrefix(dedupKey) + fingerprint;
    }

    private static String fingerprintPrefix(String dedupKey) {
        return "\u0001" + dedupKey.length() + ":" + dedupKey + "\u0001";
    }

    /** Where a suppressed fingerprint's silence is kept: as a firing one, under a prefix of its own. */
    private static String suppressedKey(String dedupKey, String fingerprint) {
        return "\u0002" + dedupKey.length() + ":" + dedupKey + "\u0002" + fingerprint;
    }

    private DetectionState load(String dedupKey) {
        byte[] bytes = store.get(dedupKey);
        if (bytes == null) {
            return DetectionState.EMPTY;
        }
        try {
            return CODEC.mapper().readValue(bytes, DetectionState.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable detection state of " + dedupKey, e);
        }
    }
}
