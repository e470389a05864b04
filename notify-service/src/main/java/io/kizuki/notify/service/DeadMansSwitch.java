package io.kizuki.notify.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.CanaryPassed;
import io.kizuki.notify.config.NotifyConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The end of the dead-man's switch: when a canary's {@code projected} stage reaches paging before the canary's
 * deadline, while paging is ready (it reads the ledger caught up and has its service account's token), notify-service
 * sends Kizuki's heartbeat to the configured receiver. Ingestion, detection, the deciders, the read models and paging
 * all passed the canary in time, so a receiver that stops hearing it knows Kizuki cannot be trusted to page. Nothing is
 * retried: the next canary is the next try. Each outcome is counted ({@code kizuki_dead_mans_switch_heartbeats_total}).
 */
@Singleton
public class DeadMansSwitch {

    /** The header naming the canary a heartbeat stands for. */
    private static final String CANARY_HEADER = "Kizuki-Canary";

    private static final Logger LOG = Logger.getLogger(DeadMansSwitch.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NotifyConfig.DeadMansSwitch config;
    private final ServiceAccount account;
    private final Map<String, Counter> outcomes = new HashMap<>();
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WireCodec codec = new WireCodec();
    private final AtomicLong lastSent = new AtomicLong();

    public DeadMansSwitch(NotifyConfig config, ServiceAccount account, MeterRegistry meters) {
        this.config = config.deadMansSwitch();
        this.account = account;
        for (String outcome : List.of("sent", "refused", "failed", "late", "not-ready")) {
            outcomes.put(
                    outcome,
                    Counter.builder("kizuki.dead.mans.switch.heartbeats")
                            .description("canaries that reached paging, by what became of their heartbeat")
                            .tag("outcome", outcome)
                            .register(meters));
        }
        this.clock = Clock.systemUTC();
        String method = this.config.method().toUpperCase(Locale.ROOT);
        if (!Set.of("POST", "PUT", "GET").contains(method)) {
            throw new IllegalArgumentException(
                    "kizuki.notify.dead-mans-switch.method is POST, PUT or GET, not " + this.config.method());
        }
        Gauge.builder("kizuki.dead.mans.switch.last.heartbeat", lastSent, AtomicLong::get)
                .description("when the last heartbeat was taken by its receiver (epoch seconds); 0 for never")
                .baseUnit("seconds")
                .register(meters);
    }

    /**
     * A canary's stage read from the ledger: for a projected one in time, while paging is ready, the heartbeat goes
     * (asynchronously; the ledger's reader does not wait for it).
     *
     * @param pagingReady whether paging reads the ledger caught up
     */
    public void passed(CanaryPassed canary, boolean pagingReady) {
        if (config.url().isEmpty() || !CanaryPassed.PROJECTED.equals(canary.stage())) {
            return;
        }
        if (!clock.instant().isBefore(canary.deadline())) {
            count("late");
        } else if (!pagingReady || !account.ready()) {
            count("not-ready");
        } else {
            send(config.url().get(), canary);
        }
    }

    private void send(URI url, CanaryPassed canary) {
        byte[] body =
                config.body().map(text -> text.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> json(canary));
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header(CANARY_HEADER, canary.canaryId())
                .header("User-Agent", "Kizuki dead-man's switch");
        config.authorization().ifPresent(value -> request.header("Authorization", value));
        String method = config.method().toUpperCase(Locale.ROOT);
        if ("GET".equals(method)) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .thenAccept(response -> {
                    if (response.statusCode() / 100 == 2) {
                        lastSent.set(clock.instant().getEpochSecond());
                        count("sent");
                    } else {
                        count("refused");
                        LOG.warnf(
                                "the dead-man's switch receiver answered %d to canary %s",
                                response.statusCode(), canary.canaryId());
                    }
                })
                .exceptionally(failure -> {
                    count("failed");
                    LOG.warnf(
                            "could not reach the dead-man's switch receiver for canary %s: %s",
                            canary.canaryId(), failure.toString());
                    return null;
                });
    }

    private byte[] json(CanaryPassed canary) {
        try {
            return codec.mapper()
                    .writeValueAsBytes(Map.of(
                            "canaryId", canary.canaryId(),
                            "sentAt", canary.sentAt().toString(),
                            "passedAt", canary.passedAt().toString(),
                            "receivedAt", clock.instant().toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write canary " + canary.canaryId(), e);
        }
    }

    private void count(String outcome) {
        outcomes.get(outcome).increment();
    }
}
