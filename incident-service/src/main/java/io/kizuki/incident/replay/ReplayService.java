package io.kizuki.incident.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.incident.security.Caller;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.ChannelSender;
import io.kizuki.ledger.client.LedgerRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Runs replays, one at a time per instance, on a thread of their own: each state (asked, how far, the result or why
 * it failed) is written to {@code kizuki.replays.v1} so that any instance answers for it.
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);

    public static final String CHANNEL = "replays-out";
    static final String SOURCE = "/kizuki/incident-service/replays";
    /** How long a state's write may take before the replay gives up on it. */
    private static final Duration WRITE = Duration.ofSeconds(30);

    private final MutinyEmitter<byte[]> emitter;
    private final ReplayTable table;
    private final SignalLog log;
    private final WireCodec codec = new WireCodec(Map.of(Replay.TYPE, Replay.class));
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("kizuki-replay").factory());

    public ReplayService(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, ReplayTable table, KafkaSettings settings) {
        this.emitter = emitter;
        this.table = table;
        this.log = new SignalLog(settings);
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Starts a replay, answered once it is recorded as running; {@code null} when this instance is running one
     * already.
     *
     * @param products the products to read, or {@code *} for all
     */
    public Uni<Replay> start(
            List<String> products, Instant from, Instant until, JsonNode given, ReplayRules rules, String actor) {
        if (!busy.compareAndSet(false, true)) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        Replay asked = new Replay(
                UUID.randomUUID().toString(),
                products,
                from,
                until,
                given,
                actor,
                now,
                Replay.RUNNING,
                0,
                0,
                now,
                null,
                null);
        return publish(asked)
                .invoke(() -> runner.execute(() -> run(asked, rules)))
                .onFailure()
                .invoke(() -> busy.set(false));
    }

    private void run(Replay asked, ReplayRules rules) {
        Replay replay;
        Replay[] current = {asked};
        try {
            long started = System.nanoTime();
            ReplaySandbox sandbox = new ReplaySandbox(rules);
            Predicate<String> products =
                    asked.products().contains(Caller.ALL_PRODUCTS) ? product -> true : asked.products()::contains;
            SignalLog.Read read = log.replay(asked.from(), asked.until(), products, sandbox, (records, total) -> {
                current[0] = current[0].progressed(records, total, clock.instant());
                write(current[0]);
            });
            replay = asked.done(read.records(), read.total(), sandbox.result(), clock.instant());
            LOG.infof(
                    "replay %s: %d records, %d signals replayed in %d ms",
                    asked.replayId(),
                    read.records(),
                    read.signals(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (RuntimeException e) {
            LOG.warnf(e, "replay %s failed", asked.replayId());
            replay = current[0].failed("the replay failed: " + e.getMessage(), clock.instant());
        } finally {
            busy.set(false);
        }
        write(replay);
    }

    private void write(Replay replay) {
        try {
            publish(replay).await().atMost(WRITE);
        } catch (RuntimeException e) {
            LOG.warnf("replay %s: its state could not be written: %s", replay.replayId(), e.getMessage());
        }
    }

    private Uni<Replay> publish(Replay replay) {
        var envelope = new Envelope(
                UUID.randomUUID().toString(),
                SOURCE,
                replay.type(),
                replay.replayId(),
                replay.updatedAt(),
                null,
                null,
                null,
                replay.requestedBy(),
                codec.encode(replay));
        return emitter.sendMessage(
                        ChannelSender.message(LedgerRecords.record(Topics.REPLAYS, replay.replayId(), envelope)))
                .invoke(() -> table.apply(replay))
                .replaceWith(replay);
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
