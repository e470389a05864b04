package io.kizuki.incident.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.web.Problem;

/**
 * The readers of large webhooks ({@code kizuki.ingest.large-webhooks} at a time on this instance): a body above the
 * inline limit is read and written off the I/O threads, on a plain pool so that no request context travels with the
 * work. One more is answered 503 with {@code Retry-After}, before its body is read when its length is declared
 * ({@link IngestionGate}).
 */
@ApplicationScoped
public class LargeWebhooks {

    /** What a sender is asked to wait when every reader is busy. */
    static final long BUSY_RETRY_AFTER_SECONDS = 5;

    private final long inlineLimit;
    private final Semaphore readers;
    private final ExecutorService pool;

    public LargeWebhooks(IncidentServiceConfig config) {
        this.inlineLimit = config.ingest().inlineLimit().asLongValue();
        this.readers = new Semaphore(config.ingest().largeWebhooks());
        this.pool = Executors.newFixedThreadPool(
                config.ingest().largeWebhooks(),
                Thread.ofPlatform().name("kizuki-large-webhook-", 0).daemon().factory());
    }

    /** Whether a body of this many bytes is a large one (read off the I/O threads). */
    public boolean large(long bytes) {
        return bytes > inlineLimit;
    }

    /** Whether a reader is free now (a hint: {@link #read} decides). */
    public boolean free() {
        return readers.availablePermits() > 0;
    }

    /** The answer when every reader is busy: 503 with {@code Retry-After}, which senders retry. */
    static Response busy(String path) {
        return Problem.of(
                        503,
                        "busy",
                        "Busy",
                        "this instance is already reading its share of large webhooks; retry " + "after "
                                + BUSY_RETRY_AFTER_SECONDS + " s",
                        path)
                .toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, BUSY_RETRY_AFTER_SECONDS)
                .build();
    }

    /** Runs the work on a free reader, or gives {@code null} at once when every reader is busy. */
    public <T> CompletableFuture<T> read(Supplier<T> work) {
        if (!readers.tryAcquire()) {
            return null;
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return work.get();
                    } finally {
                        readers.release();
                    }
                },
                pool);
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
