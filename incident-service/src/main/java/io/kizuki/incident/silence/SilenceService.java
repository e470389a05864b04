package io.kizuki.incident.silence;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.ChannelSender;
import io.kizuki.ledger.client.LedgerRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Makes and ends silences: each state is written to {@code kizuki.silences.v1} (acks=all) before it is answered. */
@ApplicationScoped
public class SilenceService {

    public static final String CHANNEL = "silences-out";
    static final String SOURCE = "/kizuki/incident-service/silences";

    private final MutinyEmitter<byte[]> emitter;
    private final SilenceTable table;
    private final WireCodec codec = new WireCodec(Map.of(Silence.TYPE, Silence.class));
    private final Clock clock = Clock.systemUTC();

    public SilenceService(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, SilenceTable table) {
        this.emitter = emitter;
        this.table = table;
    }

    public Uni<Silence> create(
            String product,
            String service,
            Map<String, String> labels,
            Instant startsAt,
            Instant endsAt,
            String reason,
            String actor) {
        Instant now = clock.instant();
        return publish(new Silence(
                UUID.randomUUID().toString(),
                product,
                service,
                labels,
                startsAt == null ? now : startsAt,
                endsAt,
                reason,
                actor,
                now,
                null,
                null));
    }

    public Uni<Silence> end(Silence silence, String actor) {
        return publish(silence.ended(actor, clock.instant()));
    }

    public Instant now() {
        return clock.instant();
    }

    private Uni<Silence> publish(Silence silence) {
        var envelope = new Envelope(
                UUID.randomUUID().toString(),
                SOURCE,
                silence.type(),
                silence.silenceId(),
                silence.endedAt() != null ? silence.endedAt() : silence.createdAt(),
                null,
                null,
                null,
                silence.endedBy() != null ? silence.endedBy() : silence.createdBy(),
                codec.encode(silence));
        return emitter.sendMessage(
                        ChannelSender.message(LedgerRecords.record(Topics.SILENCES, silence.silenceId(), envelope)))
                .invoke(() -> table.apply(silence))
                .replaceWith(silence);
    }
}
