package io.kizuki.incident.streams;

import static io.kizuki.incident.streams.WireSupport.CODEC;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.kizuki.incident.domain.Detection;
import io.kizuki.incident.domain.DetectionDecider;
import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.incident.domain.DetectionState;
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
            case SignalReceived signal -> DetectionDecider.onSignal(state, signal);
            case DetectionFeedback.IncidentClosed closed -> DetectionDecider.onIncidentClosed(state,
                    closed.incidentId());
            case DetectionFeedback.AlertRejected rejected -> DetectionDecider.onAlertRejected(state,
                    rejected.incidentId(), rejected.signal());
            default -> {
                deadLetter(record, "not a signal: " + envelope.type());
                yield new Detection(state, List.of());
            }
        };
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
