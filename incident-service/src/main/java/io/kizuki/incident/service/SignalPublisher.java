package io.kizuki.incident.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.kizuki.incident.silence.SilenceTable;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.ChannelSender;
import io.kizuki.ledger.client.LedgerRecords;
import io.kizuki.ledger.event.CanarySent;
import io.kizuki.ledger.event.HeartbeatPinged;
import io.kizuki.ledger.event.SignalReceived;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Writes accepted signals to {@code kizuki.signals.v1}, each marked with the silence it matches, if any
 * ({@link SilenceTable#mark}). The returned {@link Uni} completes only once the broker has
 * acknowledged every record (acks=all), so an HTTP 202 means the signals are in Kafka.
 */
@ApplicationScoped
public class SignalPublisher {

    public static final String CHANNEL = "signals-out";
    static final String SOURCE = "/kizuki/incident-service/ingest";

    private final MutinyEmitter<byte[]> emitter;
    private final SilenceTable silences;
    private final WireCodec codec = new WireCodec();

    public SignalPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, SilenceTable silences) {
        this.emitter = emitter;
        this.silences = silences;
    }

    /**
     * Publishes the signals of one request. A failure part-way answers 503 and the producer retries the whole request;
     * the detection decider ignores the alerts it has already seen, so the ledger records them once.
     */
    public Uni<Void> publish(List<SignalReceived> signals, String actor, String correlationId) {
        List<Uni<Void>> sends = signals.stream()
                .map(silences::mark)
                .map(signal -> send(
                        signal.dedupKey(),
                        new Envelope(
                                signal.signalId(),
                                SOURCE,
                                signal.type(),
                                signal.dedupKey(),
                                signal.receivedAt(),
                                null,
                                null,
                                correlationId,
                                actor,
                                codec.encode(signal))))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** Publishes a heartbeat's ping, keyed by the heartbeat's dedup stream key; completes once the broker has it. */
    public Uni<Void> publish(HeartbeatPinged ping, String actor) {
        return send(
                ping.dedupKey(),
                new Envelope(
                        ping.pingId(),
                        SOURCE,
                        ping.type(),
                        ping.dedupKey(),
                        ping.pingedAt(),
                        null,
                        null,
                        ping.pingId(),
                        actor,
                        codec.encode(ping)));
    }

    /** Publishes a canary of the dead-man's switch; completes once the broker has it. */
    public Uni<Void> publish(CanarySent canary) {
        return send(
                CanarySent.KEY,
                new Envelope(
                        canary.canaryId(),
                        SOURCE,
                        canary.type(),
                        CanarySent.KEY,
                        canary.sentAt(),
                        null,
                        null,
                        canary.canaryId(),
                        "kizuki:canary",
                        codec.encode(canary)));
    }

    private Uni<Void> send(String key, Envelope envelope) {
        return emitter.sendMessage(ChannelSender.message(LedgerRecords.record(Topics.SIGNALS, key, envelope)));
    }
}
