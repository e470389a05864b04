package io.kizuki.notify.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.kizuki.notify.channel.Channel;
import io.kizuki.notify.channel.DeliveryException;
import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.paging.Notification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Delivers a notification on its channel in one round of attempts, trying again on what may pass (timeouts, refused
 * connections, 5xx, 429) with exponential backoff and jitter, or after the {@code Retry-After} a 429 asks for, up to
 * a bounded number of attempts. Completes with the outcome, never exceptionally; {@link Pager} sends a notification
 * whose round failed on what may pass again in a later round.
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);
    /** Meter names: notifications by channel and outcome, and how long one took with its retries. */
    static final String NOTIFICATIONS = "kizuki.notifications";

    static final String DELIVERY_TIME = "kizuki.notification.delivery";
    /** When an attempt that has not ended is given up (then tried again). */
    static final Duration STUCK = Duration.ofSeconds(60);
    /** How long a single attempt ({@link #once}) may take: someone is waiting for the answer. */
    static final Duration ONCE = Duration.ofSeconds(20);

    /**
     * How a round of attempts ended.
     *
     * @param retryable not delivered, but the last failure may pass (timeouts, refused connections, 5xx, 429)
     */
    /** How a delivery ended; {@code reference}: where the delivered message is, when the channel says. */
    public record Outcome(boolean delivered, int attempts, String reason, boolean retryable, String reference) {}

    private final Map<String, Channel> channels;
    private final NotifyConfig.Delivery settings;
    private final MeterRegistry meters;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kizuki-delivery-retry").daemon().factory());

    public Deliveries(Instance<Channel> channels, NotifyConfig config, MeterRegistry meters) {
        this.channels = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity()));
        this.settings = config.delivery();
        this.meters = meters;
    }

    public CompletableFuture<Outcome> deliver(Notification notification, OnCallConfig config) {
        long started = System.nanoTime();
        var done = new CompletableFuture<Outcome>();
        attempt(notification, config, 1, done);
        return done.whenComplete((outcome, failure) -> {
            String channel = notification.channel();
            Timer.builder(DELIVERY_TIME)
                    .tag("channel", channel)
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            meters.counter(NOTIFICATIONS, "channel", channel, "outcome", outcome.delivered() ? "delivered" : "failed")
                    .increment();
        });
    }

    /**
     * One attempt, and a second at once only when the first failed on what may pass (a pooled connection the server
     * had closed): a test a person asked for, who wants to know now, not after the retries.
     */
    public CompletableFuture<Outcome> once(Notification notification, OnCallConfig config) {
        return single(notification, config, 1)
                .thenCompose(first -> first.delivered() || !first.retryable()
                        ? CompletableFuture.completedFuture(first)
                        : single(notification, config, 2));
    }

    private CompletableFuture<Outcome> single(Notification notification, OnCallConfig config, int attempt) {
        try {
            return channels.get(notification.channel())
                    .attempt(notification, config)
                    .orTimeout(ONCE.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((reference, failure) -> {
                        if (failure == null) {
                            return new Outcome(true, attempt, null, false, reference);
                        }
                        Throwable cause = DeliveryException.unwrap(failure);
                        boolean retryable = !(cause instanceof DeliveryException refusal) || refusal.retryable();
                        return new Outcome(false, attempt, reason(cause), retryable, null);
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(false, attempt, e.getMessage(), true, null));
        }
    }

    private static String reason(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private void attempt(Notification notification, OnCallConfig config, int attempt, CompletableFuture<Outcome> done) {
        Channel channel = channels.get(notification.channel());
        CompletableFuture<String> sent;
        try {
            // whatever the channel's own timeouts, an attempt that hangs ends: after STUCK (a channel's own queue,
            // such as the SMTP client's wait for a pooled connection under a burst, counts toward it)
            sent = channel.attempt(notification, config).orTimeout(STUCK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((reference, failure) -> {
            if (failure == null) {
                done.complete(new Outcome(true, attempt, null, false, reference));
                return;
            }
            Throwable cause = DeliveryException.unwrap(failure);
            boolean retryable = !(cause instanceof DeliveryException refusal) || refusal.retryable();
            String reason = reason(cause);
            if (!retryable || attempt >= settings.maxAttempts()) {
                LOG.errorf("could not deliver %s after %d attempt(s): %s", notification.id(), attempt, reason);
                done.complete(new Outcome(false, attempt, reason, retryable, null));
                return;
            }
            Duration wait = wait(cause, attempt);
            LOG.warnf(
                    "attempt %d to deliver %s failed (%s); next in %d ms",
                    attempt, notification.id(), reason, wait.toMillis());
            retries.schedule(
                    () -> attempt(notification, config, attempt + 1, done), wait.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** {@code Retry-After} if the channel asked for it; else the backoff of this attempt, with equal jitter. */
    Duration wait(Throwable failure, int attempt) {
        if (failure instanceof DeliveryException refusal && refusal.retryAfter() != null) {
            return refusal.retryAfter().compareTo(settings.maxRetryAfter()) > 0
                    ? settings.maxRetryAfter()
                    : refusal.retryAfter();
        }
        long ceiling = Math.min(
                settings.maxBackoff().toMillis(), settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
