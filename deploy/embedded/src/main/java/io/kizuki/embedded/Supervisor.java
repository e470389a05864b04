package io.kizuki.embedded;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps processes running: a process that ended (crashed, killed, out of memory) is reported and started again,
 * after a back-off that doubles with each restart in a row (0.2 s up to 1 min) and starts over once the process has
 * stayed up for {@link #STABLE}: a service that crashed once is back as soon as it can start (pages wait while it is
 * away), one that keeps crashing is started less and less often. What {@code deploy/local/up} runs is supervised; the
 * tests' stacks are not (a test kills a service on purpose).
 */
final class Supervisor implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    static final Duration STABLE = Duration.ofMinutes(5);

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Consumer<String> say;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "kizuki-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    /** One supervised process: how to start it again, the one running, its restarts and back-off. */
    private static final class Watched {
        final Supplier<ChildProcess> starter;
        volatile ChildProcess process;
        volatile Instant startedAt = Instant.now();
        volatile Instant restartAt;
        volatile int restarts;
        volatile Duration backoff = FIRST_BACKOFF;

        Watched(Supplier<ChildProcess> starter, ChildProcess process) {
            this.starter = starter;
            this.process = process;
        }
    }

    Supervisor(Consumer<String> say, Duration every) {
        this.say = say;
        clock.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Watches a running process; {@code starter} starts it again (and returns once it is ready). */
    void watch(String name, ChildProcess process, Supplier<ChildProcess> starter) {
        watched.put(name, new Watched(starter, process));
    }

    /** The process running under this name now. */
    ChildProcess current(String name) {
        return watched.get(name).process;
    }

    /** How many times it was started again. */
    int restarts(String name) {
        return watched.get(name).restarts;
    }

    private void check() {
        watched.forEach((name, w) -> {
            if (closed || w.process.alive()) {
                if (!closed
                        && w.restarts > 0
                        && Duration.between(w.startedAt, Instant.now()).compareTo(STABLE) > 0) {
                    w.backoff = FIRST_BACKOFF;
                }
                return;
            }
            Instant now = Instant.now();
            if (w.restartAt == null) {
                w.restartAt = now.plus(w.backoff);
                say.accept(name + " (pid " + w.process.pid() + ") ended with exit code " + w.process.exitCode()
                        + "; starting it again in " + seconds(w.backoff));
                return;
            }
            if (now.isBefore(w.restartAt)) {
                return;
            }
            try {
                w.process = w.starter.get();
                w.restarts++;
                w.startedAt = Instant.now();
                say.accept(name + " is running again (pid " + w.process.pid() + ", restart " + w.restarts + ")");
            } catch (RuntimeException e) {
                say.accept(name + " did not start again: " + e.getMessage());
            }
            w.restartAt = null;
            Duration doubled = w.backoff.multipliedBy(2);
            w.backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        });
    }

    /** {@code 0.2 s}, {@code 1.6 s}, {@code 60 s}. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    @Override
    public void close() {
        closed = true;
        clock.shutdownNow();
    }
}
