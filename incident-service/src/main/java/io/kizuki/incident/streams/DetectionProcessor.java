package io.kizuki.incident.streams;

import static io.kizuki.incident.streams.WireSupport.CODEC;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import io.kizuki.incident.domain.Detection;
import io.kizuki.incident.domain.DetectionDecider;
import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.incident.domain.DetectionState;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.event.SignalReceived;

/**
 * Runs the detection decider for the dedup streams of its partition: reads signals and detection feedback, keeps
 * each stream's {@link DetectionState} in a changelogged store, and sends commands to incident streams.
 */
class DetectionProcessor implements Processor<String, byte[], String, byte[]> {

    static final String ACTOR = "kizuki:detection";
    private static final Logger LOG = Logger.getLogger(DetectionProcessor.class);

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(TopologyProducer.DETECTION_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Envelope envelope;
        Optional<WireType> decoded;
        try {
            envelope = CloudEventHeaders.read(record.headers(), record.value());
            decoded = CODEC.decode(envelope);
        } catch (MalformedRecordException e) {
            LOG.warnf("dead-lettering unreadable record of stream %s: %s", record.key(), e.getMessage());
            context.forward(WireSupport.deadLetter(record, e.getMessage()), TopologyProducer.DEAD_LETTER_SINK);
            return;
        }
        if (decoded.isEmpty()) {
            LOG.debugf("skipping record of unknown type %s", envelope.type());
            return;
        }
        String dedupKey = record.key();
        DetectionState state = load(dedupKey);
        Detection detection = switch (decoded.get()) {
            case SignalReceived signal -> DetectionDecider.onSignal(state, signal);
            case DetectionFeedback.IncidentClosed closed -> DetectionDecider.onIncidentClosed(state,
                    closed.incidentId());
            case DetectionFeedback.AlertRejected rejected -> DetectionDecider.onAlertRejected(state,
                    rejected.incidentId(), rejected.signal());
            default -> {
                context.forward(WireSupport.deadLetter(record, "not a signal: " + envelope.type()),
                        TopologyProducer.DEAD_LETTER_SINK);
                yield new Detection(state, List.of());
            }
        };
        if (!detection.state().equals(state)) {
            store.put(dedupKey, WireSupport.json(detection.state()));
        }
        for (IncidentCommand command : detection.commands()) {
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
