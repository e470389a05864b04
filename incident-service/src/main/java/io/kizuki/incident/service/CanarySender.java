package io.kizuki.incident.service;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.ledger.event.CanarySent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The start of the dead-man's switch: every {@code kizuki.canary.every} this instance writes a {@link CanarySent} to
 * {@code kizuki.signals.v1} through ingestion's own publisher. Detection, the deciders, report-service's read models
 * and notify-service pass it on, and notify-service sends the heartbeat only when it arrived in time
 * (docs/architecture.md, Dead-man's switch). A canary that cannot be written is counted and logged; the next one is
 * tried at its time.
 */
@ApplicationScoped
public class CanarySender {

    private static final Logger LOG = Logger.getLogger(CanarySender.class);

    private final SignalPublisher publisher;
    private final IncidentServiceConfig.Canary config;
    private final Clock clock;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private final Counter sent;
    private final Counter failed;
    private ScheduledExecutorService timer;

    public CanarySender(SignalPublisher publisher, IncidentServiceConfig config, MeterRegistry meters) {
        this.publisher = publisher;
        this.config = config.canary();
        this.clock = Clock.systemUTC();
        this.sent = Counter.builder("kizuki.canaries.sent")
                .description("canaries written to the signals topic")
                .tag("outcome", "written")
                .register(meters);
        this.failed = Counter.builder("kizuki.canaries.sent")
                .description("canaries written to the signals topic")
                .tag("outcome", "failed")
                .register(meters);
    }

    void start(@Observes StartupEvent startup) {
        config.every().ifPresent(every -> {
            if (every.isNegative()
                    || every.isZero()
                    || config.deadline().isNegative()
                    || config.deadline().isZero()) {
                throw new IllegalStateException("kizuki.canary.every (KIZUKI_CANARY_EVERY) and kizuki.canary.deadline "
                        + "must be longer than zero, are " + every + " and " + config.deadline()
                        + ": leave KIZUKI_CANARY_EVERY unset to send no canary");
            }
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "kizuki-canary");
                thread.setDaemon(true);
                return thread;
            });
            long millis = every.toMillis();
            timer.scheduleAtFixedRate(this::send, millis, millis, TimeUnit.MILLISECONDS);
            LOG.infof("sending a canary every %s (deadline %s)", every, config.deadline());
        });
    }

    private void send() {
        Instant now = clock.instant();
        var canary = new CanarySent(UUID.randomUUID().toString(), instance, now, now.plus(config.deadline()));
        publisher
                .publish(canary)
                .ifNoItem()
                .after(Duration.ofSeconds(30))
                .fail()
                .subscribe()
                .with(done -> sent.increment(), failure -> {
                    failed.increment();
                    LOG.warnf("could not write canary %s: %s", canary.canaryId(), failure.toString());
                });
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
