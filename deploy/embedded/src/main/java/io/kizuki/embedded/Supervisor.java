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
 * Keeps processes running: a process that ended (crashed, killed, out of memory) is reported as soon as the operating
 * system says so and started again after a back-off that doubles with each restart in a row (0.2 s up to 1 min) and
 * starts over once the process has stayed up for {@link #STABLE}: a service that crashed once is back as soon as it
 * can start (pages wait while it is away), one that keeps crashing is started less and less often. What {@code
 * deploy/local/up} runs is supervised; the tests' stacks are not (a test kills a service on purpose).
 */
final class Supervisor implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    static final Duration STABLE = Duration.ofMinutes(5);

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Consumer<String> say;
    /** Reports, back-offs and restarts, one at a time (a restart returns once the process is ready). */
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "kizuki-supervisor");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean closed;

    /** One supervised process: how to start it again, the one running, its restarts and back-off. */
    private static final class Watched {
        final String name;
        final Supplier<ChildProcess> starter;
        volatile ChildProcess process;
        volatile Instant startedAt = Instant.now();
        volatile int restarts;
        volatile Duration backoff = FIRST_BACKOFF;

        Watched(String name, Supplier<ChildProcess> starter, ChildProcess process) {
            this.name = name;
            this.starter = starter;
            this.process = process;
        }
    }

    Supervisor(Consumer<String> say) {
        this.say = say;
    }

    /** Watches a running process; {@code starter} starts it again (and returns once it is ready). */
    void watch(String name, ChildProcess process, Supplier<ChildProcess> starter) {
        Watched w = new Watched(name, starter, process);
        watched.put(name, w);
        follow(w, process);
    }

    /** The process running under this name now. */
    ChildProcess current(String name) {
        return watched.get(name).process;
    }

    /** How many times it was started again. */
    int restarts(String name) {
        return watched.get(name).restarts;
    }

    private void follow(Watched w, ChildProcess process) {
        process.ended().thenRun(() -> submit(() -> ended(w, process)));
    }

    private void ended(Watched w, ChildProcess process) {
        if (Duration.between(w.startedAt, Instant.now()).compareTo(STABLE) > 0) {
            w.backoff = FIRST_BACKOFF;
        }
        say.accept(w.name + " (pid " + process.pid() + ") ended with exit code " + process.exitCode()
                + "; starting it again in " + seconds(w.backoff));
        restartAfterBackoff(w);
    }

    private void restartAfterBackoff(Watched w) {
        Duration wait = w.backoff;
        Duration doubled = wait.multipliedBy(2);
        w.backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        if (!closed) {
            clock.schedule(() -> restart(w), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void restart(Watched w) {
        if (closed) {
            return;
        }
        try {
            ChildProcess started = w.starter.get();
            w.process = started;
            w.restarts++;
            w.startedAt = Instant.now();
            say.accept(w.name + " is running again (pid " + started.pid() + ", restart " + w.restarts + ")");
            follow(w, started);
        } catch (RuntimeException e) {
            say.accept(w.name + " did not start again: " + e.getMessage() + "; trying again in " + seconds(w.backoff));
            restartAfterBackoff(w);
        }
    }

    private void submit(Runnable task) {
        if (!closed) {
            clock.execute(task);
        }
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
