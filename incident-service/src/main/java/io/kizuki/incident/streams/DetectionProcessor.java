package io.kizuki.incident.streams;

import static io.kizuki.incident.streams.WireSupport.CODEC;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.kizuki.incident.domain.Detection;
import io.kizuki.incident.domain.DetectionDecider;
import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.incident.domain.DetectionState;
import io.kizuki.incident.domain.FiringChange;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.event.SignalReceived;

/**
 * Runs the detection decider for the dedup streams of its partition: reads signals and detection feedback, keeps
 * each stream's {@link DetectionState} in a changelogged store, and sends commands to incident streams.
 */
class DetectionProcessor extends DeciderProcessor {

    static final String ACTOR = "kizuki:detection";
    private static final byte[] FIRING = { 1 };

    private KeyValueStore<String, byte[]> store;

    DetectionProcessor(DeciderMetrics metrics) {
        super(metrics);
    }

    @Override
    void openStores(ProcessorContext<String, byte[]> context) {
        this.store = context.getStateStore(TopologyProducer.DETECTION_STORE);
    }

    @Override
    void decide(Record<String, byte[]> record, Envelope envelope, WireType value) {
        String dedupKey = record.key();
        DetectionState state = load(dedupKey);
        Detection detection = switch (value) {
            case SignalReceived signal -> DetectionDecider.onSignal(state, firing(dedupKey, signal), signal);
            case DetectionFeedback.IncidentClosed closed -> DetectionDecider.onIncidentClosed(state,
                    closed.incidentId());
            case DetectionFeedback.IncidentReopened reopened -> DetectionDecider.onIncidentReopened(state,
                    reopened.incidentId());
            case DetectionFeedback.AlertRejected rejected -> DetectionDecider.onAlertRejected(state,
                    rejected.incidentId(), firing(dedupKey, rejected.signal()), rejected.signal());
            default -> {
                deadLetter(record, "not a signal: " + envelope.type());
                yield new Detection(state, List.of(), List.of());
            }
        };
        detection.changes().forEach(change -> apply(dedupKey, change));
        if (!detection.state().equals(state)) {
            store.put(dedupKey, WireSupport.json(detection.state()));
        }
        for (IncidentCommand command : detection.commands()) {
            metrics.detected(command.type());
            String commandId = WireSupport.derivedId(envelope.id(), command.type(), command.incidentId());
            Instant time = envelope.time();
            var out = new Envelope(commandId, WireSupport.SOURCE, command.type(), command.incidentId(), time, null,
                    envelope.id(), envelope.correlationId() == null ? envelope.id() : envelope.correlationId(),
                    ACTOR, CODEC.encode(command));
            context.forward(WireSupport.record(command.incidentId(), out, record.timestamp()),
                    TopologyProducer.COMMANDS_SINK);
        }
    }

    private boolean firing(String dedupKey, SignalReceived signal) {
        return store.get(fingerprintKey(dedupKey, signal.fingerprint())) != null;
    }

    private void apply(String dedupKey, FiringChange change) {
        switch (change) {
            case FiringChange.Add add -> store.put(fingerprintKey(dedupKey, add.fingerprint()), FIRING);
            case FiringChange.Remove remove -> store.delete(fingerprintKey(dedupKey, remove.fingerprint()));
            case FiringChange.Clear clear -> {
                List<String> keys = new ArrayList<>();
                try (KeyValueIterator<String, byte[]> firing = store.prefixScan(fingerprintPrefix(dedupKey),
                        new StringSerializer())) {
                    firing.forEachRemaining(entry -> keys.add(entry.key));
                }
                keys.forEach(store::delete);
            }
        }
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
