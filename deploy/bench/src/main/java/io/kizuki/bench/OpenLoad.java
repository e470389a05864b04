package io.kizuki.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * An open-model load through Gatling: requests start at a constant arrival rate whatever the answers do, so a slow
 * answer cannot hold back the next request and hide queueing (no coordinated omission). Each request's latency is
 * measured from the moment it was due to start.
 */
final class OpenLoad {

    /**
     * One run: what to send, how often, and what counts as success: the expected status, or the queued one (the
     * request taken but not done in time: it will be), counted apart; {@code 0} when no answer means queued.
     */
    record Plan(
            String name,
            String baseUrl,
            String authorization,
            LongFunction<String> path,
            LongFunction<String> body,
            int expectedStatus,
            int queuedStatus,
            double perSecond,
            Duration duration) {}

    /**
     * What a run measured; {@code queued} of the requests were answered with the plan's queued status, {@code
     * accepted} maps each successful request's number (queued ones included) to the instant its answer came, {@code
     * sent} to the instant it was sent.
     */
    record Result(
            String name,
            long requests,
            long failed,
            long queued,
            double p50Millis,
            double p99Millis,
            double maxMillis,
            Map<Long, Instant> accepted,
            Map<Long, Instant> sent) {

        boolean allSucceeded() {
            return requests > 0 && failed == 0;
        }
    }

    /** The loads of the run in progress, read by {@link OpenLoadSimulation}. */
    static final AtomicReference<List<Run>> CURRENT = new AtomicReference<>();

    /** The state of one load of the run in progress. */
    static final class Run {

        final Plan plan;
        final AtomicLong counter = new AtomicLong();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong queued = new AtomicLong();
        final Map<Long, Instant> accepted = new ConcurrentHashMap<>();
        final Map<Long, Instant> sent = new ConcurrentHashMap<>();

        Run(Plan plan) {
            this.plan = plan;
        }

        void completed(long number, long startedNanos, boolean ok, int status) {
            long took = System.nanoTime() - startedNanos;
            latencies.add(took);
            if (ok && status == plan.queuedStatus()) {
                queued.incrementAndGet();
            }
            if (ok) {
                Instant now = Instant.now();
                accepted.put(number, now);
                sent.put(number, now.minusNanos(took));
            } else {
                failed.incrementAndGet();
            }
        }
    }

    private final Path resultsDir;

    OpenLoad(Path resultsDir) {
        this.resultsDir = resultsDir;
    }

    Result run(Plan plan) {
        return run(List.of(plan)).getFirst();
    }

    /** Several loads at the same time, each at its own rate; their results in the same order. */
    List<Result> run(List<Plan> plans) {
        List<Run> runs = plans.stream().map(Run::new).toList();
        if (!CURRENT.compareAndSet(null, runs)) {
            throw new IllegalStateException("another open-model load is running");
        }
        String names = plans.stream().map(Plan::name).collect(Collectors.joining(", "));
        try {
            int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation",
                OpenLoadSimulation.class.getName(),
                "--results-folder",
                resultsDir.toString(),
                "--no-reports",
                "--launcher",
                "kizuki-bench"
            });
            if (status != 0) {
                throw new IllegalStateException("Gatling ended with status " + status + " for " + names);
            }
        } finally {
            CURRENT.set(null);
        }
        return runs.stream().map(OpenLoad::result).toList();
    }

    private static Result result(Run run) {
        Plan plan = run.plan;
        long[] sorted =
                run.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(
                plan.name(),
                sorted.length,
                run.failed.get(),
                run.queued.get(),
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
                Map.copyOf(run.accepted),
                Map.copyOf(run.sent));
    }

    /** The nearest-rank percentile of nanosecond values, in milliseconds. */
    static double percentile(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length, rank) - 1)] / 1e6;
    }

    static double percentile(List<Long> nanos, double percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return percentile(sorted, percentile);
    }
}
