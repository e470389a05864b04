package io.kizuki.incident.streams;

import static io.kizuki.incident.streams.WireSupport.CODEC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.kizuki.incident.domain.CommandContext;
import io.kizuki.incident.domain.Decision;
import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.incident.domain.Incident;
import io.kizuki.incident.domain.IncidentDecider;
import io.kizuki.incident.domain.ServiceDecider;
import io.kizuki.incident.domain.ServiceStream;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.LedgerChain;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.CommandResult.RecordedEvent;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.LedgerCommand;
import io.kizuki.ledger.command.ServiceCommand;
import io.kizuki.ledger.event.AdoptionRecorded;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.LedgerEvent;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.ledger.event.ServiceEvent;
import io.opentelemetry.api.trace.Tracer;

/**
 * The single writer of the ledger's streams: decides each command against its stream's state (an incident's by
 * {@link IncidentDecider}, a service's by {@link ServiceDecider}), in partition order, and writes the resulting events
 * to the ledger with their sequence numbers, the outcome to the results topic and, where detection needs to know,
 * feedback — all in one Kafka transaction (exactly-once).
 */
class IncidentProcessor extends DeciderProcessor {

    /** How often outcomes past their retention are swept away. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Duration outcomeRetention;
    private final CommandCredentials credentials;
    private KeyValueStore<String, byte[]> incidents;
    private TimestampedKeyValueStore<String, byte[]> outcomes;

    IncidentProcessor(
            DeciderMetrics metrics, Tracer tracer, Duration outcomeRetention, CommandCredentials credentials) {
        super(metrics, tracer);
        this.outcomeRetention = outcomeRetention;
        this.credentials = credentials;
    }

    @Override
    void openStores(ProcessorContext<String, byte[]> context) {
        this.incidents = context.getStateStore(TopologyProducer.INCIDENT_STORE);
        this.outcomes = context.getStateStore(TopologyProducer.OUTCOME_STORE);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::expireOutcomes);
    }

    /** Forgets the outcomes decided longer ago than the retention: the idempotency store does not grow forever. */
    private void expireOutcomes(long now) {
        long cutoff = now - outcomeRetention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<byte[]>> all = outcomes.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.timestamp() < cutoff) {
                    expired.add(entry.key);
                }
            });
        }
        expired.forEach(outcomes::delete);
    }

    @Override
    void decide(Record<String, byte[]> record, Envelope envelope, WireType value) {
        if (!(value instanceof LedgerCommand command)) {
            deadLetter(record, "not a command: " + envelope.type());
            return;
        }
        if (!command.streamId().equals(record.key())) {
            deadLetter(record, "record key " + record.key() + " is not the command's stream " + command.streamId());
            return;
        }
        CommandCredentials.Authority authority = credentials.check(command, record.headers());
        if (authority.unauthenticated()) {
            answer(
                    envelope,
                    record,
                    new CommandResult(
                            envelope.id(),
                            command.streamId(),
                            Outcome.UNAUTHENTICATED,
                            authority.refusal(),
                            null,
                            0,
                            List.of()));
            return;
        }
        StreamState state = load(command);
        if (command instanceof IncidentCommand incidentCommand
                && state.incident() != null
                && !IncidentDecider.visibleTo(incidentCommand, state.incident())) {
            answer(
                    envelope,
                    record,
                    new CommandResult(
                            envelope.id(),
                            command.streamId(),
                            Outcome.NOT_FOUND,
                            IncidentDecider.notFound(command.streamId()).detail(),
                            null,
                            0,
                            List.of()));
            return;
        }
        String digest = WireSupport.digest(envelope.data());
        ValueAndTimestamp<byte[]> earlier = outcomes.get(envelope.id());
        if (earlier != null) {
            String decided = read(earlier.value(), CommandResult.class, "outcome of command " + envelope.id())
                    .digest();
            if (decided != null && !decided.equals(digest)) {
                answer(
                        envelope,
                        record,
                        new CommandResult(
                                envelope.id(),
                                command.streamId(),
                                Outcome.ID_REUSED,
                                "command id " + envelope.id() + " was used before for another command",
                                null,
                                0,
                                List.of()));
            } else {
                forwardResult(envelope, earlier.value(), record);
            }
            return;
        }
        decideCommand(record, envelope, command, authority, state, digest);
    }

    /** Sends an answer that is not a decision: counted, not remembered under the command id. */
    private void answer(Envelope envelope, Record<String, byte[]> record, CommandResult result) {
        metrics.decided(result.outcome());
        forwardResult(envelope, CODEC.encode(result), record);
    }

    private void decideCommand(
            Record<String, byte[]> record,
            Envelope envelope,
            LedgerCommand command,
            CommandCredentials.Authority authority,
            StreamState loaded,
            String digest) {
        String streamId = command.streamId();
        StreamState state = loaded;
        String actor =
                authority.actor() != null ? authority.actor() : envelope.actor() == null ? "unknown" : envelope.actor();
        var commandContext = new CommandContext(envelope.id(), actor, envelope.time());
        Decision decision = authority.refusal() != null
                ? new Decision.Rejected(Outcome.FORBIDDEN, authority.refusal())
                : switch (command) {
                    case IncidentCommand c -> IncidentDecider.decide(commandContext, c, state.incident());
                    case ServiceCommand c -> ServiceDecider.decide(commandContext, c, state.service());
                };
        String correlationId = envelope.correlationId() == null ? envelope.id() : envelope.correlationId();
        CommandResult result;
        if (decision instanceof Decision.Accepted accepted) {
            List<RecordedEvent> recorded = new ArrayList<>();
            for (LedgerEvent event : accepted.events()) {
                state = state.evolve(event);
                String eventId = StableId.of(envelope.id(), Long.toString(state.sequence()));
                var out = new Envelope(
                        eventId,
                        WireSupport.SOURCE,
                        event.type(),
                        streamId,
                        envelope.time(),
                        state.sequence(),
                        envelope.id(),
                        correlationId,
                        commandContext.actor(),
                        CODEC.encode(event),
                        authority.via());
                String hash = LedgerChain.hash(state.chain(), out);
                Record<String, byte[]> written = WireSupport.record(streamId, out, record.timestamp());
                LedgerChain.write(written.headers(), state.chain(), hash);
                state = state.chained(hash);
                context.forward(written, TopologyProducer.LEDGER_SINK);
                if (event instanceof PostmortemPublished
                        || event instanceof AdoptionRecorded
                        || event instanceof RecurrenceFlagged) {
                    context.forward(written, TopologyProducer.KNOWLEDGE_SINK);
                }
                recorded.add(new RecordedEvent(eventId, event.type(), state.sequence(), CODEC.toTree(event)));
                String dedupKey =
                        state.incident() == null ? null : state.incident().dedupKey();
                if (dedupKey != null && event instanceof IncidentResolved) {
                    feedback(new DetectionFeedback.IncidentClosed(dedupKey, streamId), envelope, record);
                } else if (dedupKey != null && event instanceof IncidentReopened) {
                    feedback(new DetectionFeedback.IncidentReopened(dedupKey, streamId), envelope, record);
                }
            }
            if (!recorded.isEmpty()) {
                incidents.put(streamId, state.stored());
            }
            result = new CommandResult(
                    envelope.id(), streamId, Outcome.ACCEPTED, null, state.status(), state.sequence(), recorded);
        } else {
            var rejected = (Decision.Rejected) decision;
            Incident incident = state.incident();
            if (command instanceof AttachAlert attach
                    && incident != null
                    && !incident.status().open()) {
                feedback(
                        new DetectionFeedback.AlertRejected(incident.dedupKey(), streamId, attach.signal()),
                        envelope,
                        record);
            }
            result = new CommandResult(
                    envelope.id(),
                    streamId,
                    rejected.outcome(),
                    rejected.detail(),
                    state.status(),
                    state.sequence(),
                    List.of());
        }
        metrics.decided(result.outcome());
        byte[] resultBytes = CODEC.encode(result.withDigest(digest));
        outcomes.put(envelope.id(), ValueAndTimestamp.make(resultBytes, context.currentSystemTimeMs()));
        forwardResult(envelope, resultBytes, record);
    }

    /** Sends the outcome of a command; a command seen before gets its first outcome again (idempotency). */
    private void forwardResult(Envelope command, byte[] resultBytes, Record<String, byte[]> record) {
        var out = new Envelope(
                StableId.of(command.id(), "result"),
                WireSupport.SOURCE,
                CommandResult.TYPE,
                command.subject(),
                command.time(),
                null,
                command.id(),
                command.correlationId() == null ? command.id() : command.correlationId(),
                command.actor(),
                resultBytes);
        context.forward(WireSupport.record(record.key(), out, record.timestamp()), TopologyProducer.RESULTS_SINK);
    }

    private void feedback(DetectionFeedback feedback, Envelope cause, Record<String, byte[]> record) {
        var out = new Envelope(
                StableId.of(cause.id(), feedback.type()),
                WireSupport.SOURCE,
                feedback.type(),
                feedback.dedupKey(),
                cause.time(),
                null,
                cause.id(),
                cause.correlationId(),
                cause.actor(),
                CODEC.encode(feedback));
        context.forward(
                WireSupport.record(feedback.dedupKey(), out, record.timestamp()), TopologyProducer.FEEDBACK_SINK);
    }

    /** The state of the command's stream, as the aggregate the command belongs to, and its chain's last hash. */
    private StreamState load(LedgerCommand command) {
        byte[] bytes = incidents.get(command.streamId());
        if (bytes == null) {
            return new StreamState(null, null, null);
        }
        String chain = StreamState.chain(bytes);
        return switch (command) {
            case IncidentCommand c ->
                c.incidentId().startsWith(ServiceCommand.STREAM_PREFIX)
                        ? new StreamState(null, null, null)
                        : new StreamState(
                                read(bytes, Incident.class, "state of incident " + c.incidentId()), null, chain);
            case ServiceCommand c ->
                new StreamState(null, read(bytes, ServiceStream.class, "state of service stream " + c.stream()), chain);
        };
    }

    /**
     * One stream's state as the store keeps it: an incident's or a service's (both {@code null} for a stream not yet
     * written, or for an incident command addressed to a service's stream), with the hash of its last ledger event
     * ({@link LedgerChain}; {@code null} before its chain began), kept beside the state under {@link #CHAIN}.
     */
    private record StreamState(Incident incident, ServiceStream service, String chain) {

        static final String CHAIN = "ledgerChain";
        /** A SHA-256 in hex. */
        private static final int HASH_LENGTH = 64;

        StreamState evolve(LedgerEvent event) {
            return switch (event) {
                case IncidentEvent e -> new StreamState(IncidentDecider.evolve(incident, e), null, chain);
                case ServiceEvent e -> new StreamState(null, ServiceDecider.evolve(service, e), chain);
            };
        }

        StreamState chained(String hash) {
            return new StreamState(incident, service, hash);
        }

        long sequence() {
            return incident != null ? incident.sequence() : service != null ? service.sequence() : 0;
        }

        IncidentStatus status() {
            return incident == null ? null : incident.status();
        }

        /**
         * The state's JSON with the chain's last hash as its last member ({@value #CHAIN}, which the state's own
         * reading ignores), so that neither needs the other parsed.
         */
        byte[] stored() {
            byte[] state = WireSupport.json(incident != null ? incident : service);
            if (chain == null) {
                return state;
            }
            byte[] member = (",\"" + CHAIN + "\":\"" + chain + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] stored = Arrays.copyOf(state, state.length - 1 + member.length);
            System.arraycopy(member, 0, stored, state.length - 1, member.length);
            return stored;
        }

        /** The chain's last hash a stored state ends with, or {@code null} (a state stored before chaining began). */
        static String chain(byte[] stored) {
            byte[] marker = (",\"" + CHAIN + "\":\"").getBytes(StandardCharsets.UTF_8);
            int start = stored.length - 2 - HASH_LENGTH - marker.length;
            if (start < 0 || stored[stored.length - 1] != '}' || stored[stored.length - 2] != '"') {
                return null;
            }
            for (int i = 0; i < marker.length; i++) {
                if (stored[start + i] != marker[i]) {
                    return null;
                }
            }
            return new String(stored, start + marker.length, HASH_LENGTH, StandardCharsets.US_ASCII);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type, String what) {
        try {
            return CODEC.mapper().readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + what, e);
        }
    }
}
