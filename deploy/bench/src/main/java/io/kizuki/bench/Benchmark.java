package io.kizuki.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.embedded.LocalStack;

/**
 * The benchmark harness: measures Kizuki on a local stack, beside a real Prometheus Alertmanager and a raw Kafka
 * producer started in the same run, and prints every figure with its baseline, ratio and target.
 * {@code deploy/bench/run} runs it in full; {@code --smoke} runs a few seconds of each load and fails on any failed
 * request or missing figure (CI runs that through {@code BenchmarkSmokeIT}).
 */
public final class Benchmark {

    /** How long and how hard each load runs. */
    public enum Mode {
        FULL(
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                2,
                32,
                1000,
                new Rate[] {new Rate(100, Duration.ofSeconds(60)), new Rate(500, Duration.ofSeconds(10))},
                200,
                1_000_000,
                Duration.ofMinutes(3),
                50_000,
                1_000_000,
                1_000_000,
                Duration.ofSeconds(60)),
        SMOKE(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                1,
                4,
                20,
                new Rate[] {new Rate(20, Duration.ofSeconds(2))},
                10,
                20_000,
                Duration.ofSeconds(90),
                1_000,
                20_000,
                20_000,
                Duration.ofSeconds(5));

        final Duration warmUp;
        final Duration load;
        final int wrkThreads;
        final int wrkConnections;
        final int openRate;
        /**
         * The end-to-end loads' rates, each for its own time: the 100/s one, under the capacity, for 6,000 alerts, so
         * that its p99 is the 60th slowest and not one slow moment of a short load; the 500/s one, past the capacity on
         * two cores, as long as the others (its latency grows with the load's length).
         */
        final Rate[] endToEndRates;

        final int ackRate;
        final long producerRecords;
        final Duration drainLimit;
        final int stormAlerts;
        final long ledgerEvents;
        final long replaySignals;
        /** How long a service's start alone waits for the machine's cores to be idle before it restarts anyway. */
        final Duration idleLimit;

        Mode(
                Duration warmUp,
                Duration load,
                int wrkThreads,
                int wrkConnections,
                int openRate,
                Rate[] endToEndRates,
                int ackRate,
                long producerRecords,
                Duration drainLimit,
                int stormAlerts,
                long ledgerEvents,
                long replaySignals,
                Duration idleLimit) {
            this.warmUp = warmUp;
            this.load = load;
            this.wrkThreads = wrkThreads;
            this.wrkConnections = wrkConnections;
            this.openRate = openRate;
            this.endToEndRates = endToEndRates;
            this.ackRate = ackRate;
            this.producerRecords = producerRecords;
            this.drainLimit = drainLimit;
            this.stormAlerts = stormAlerts;
            this.ledgerEvents = ledgerEvents;
            this.replaySignals = replaySignals;
            this.idleLimit = idleLimit;
        }
    }

    /** An open load's arrival rate per second and how long it runs. */
    record Rate(int perSecond, Duration load) {}

    /** Which figures a run makes. */
    public enum Part {
        /** Every figure. */
        ALL,
        /** Paging only: capacity, alert → page, acknowledgements alone and while a storm is paged; start and footprint. */
        PAGING,
        /** The live projection and a rebuild over a seeded ledger, then its verification and an on-call simulation. */
        READ_MODELS,
        /** A replay (what-if) of a month of seeded signals through a draft grouping. */
        REPLAY
    }

    static final String SIGNALS_PATH = "/api/v1/signals/alertmanager";
    private static final Duration STORM_DRAIN_LIMIT = Duration.ofMinutes(10);
    /** Every escalation level's timeout during a run: longer than a full run, so nothing escalates in it. */
    private static final String ESCALATION_TIMEOUT = "PT1H";

    private static final Pattern LEVEL_TIMEOUT = Pattern.compile("(\\btimeout:\\s*)[\"']?P[0-9A-Za-z.]+[\"']?");

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    /** A service is started again alone once at most this share of the machine's cores was busy over the window. */
    private static final double IDLE_SHARE = 0.25;

    private static final Duration IDLE_WINDOW = Duration.ofMillis(500);

    private final BenchStack stack;
    private final Mode mode;
    private final Path workDir;
    private final Api api;
    private final Figures figures = new Figures();
    private final String run = "bench" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private Benchmark(BenchStack stack, Mode mode, Path workDir) {
        this.stack = stack;
        this.mode = mode;
        this.workDir = workDir;
        this.api = new Api(stack);
    }

    /** Runs every measurement against a running stack and returns the figures. */
    public static Figures run(BenchStack stack, Mode mode, Path workDir) {
        return run(stack, mode, workDir, Part.ALL);
    }

    /** Runs the measurements of one part (or all) against a running stack and returns the figures. */
    public static Figures run(BenchStack stack, Mode mode, Path workDir, Part part) {
        Path dir = workDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tools.require();
        Benchmark benchmark = new Benchmark(stack, mode, dir);
        if (part == Part.READ_MODELS) {
            benchmark.readModels();
            return benchmark.figures;
        }
        if (part == Part.REPLAY) {
            benchmark.replay();
            return benchmark.figures;
        }
        return benchmark.measure(part == Part.ALL);
    }

    /**
     * The start rows first, on a quiet stack; in a full run the read models' loads next, before any paging load: an
     * incident the loads page and nobody acknowledges escalates five minutes later (the sample on-call file), and
     * tens of thousands of them would escalate while the read models are measured.
     */
    private Figures measure(boolean all) {
        footprint();
        if (all) {
            readModels();
        }
        String oncallConfig = stack.notifyUrl() + "/api/v1/admin/oncall-config";
        String admin = api.token("admin");
        String given = api.text(oncallConfig + "/yaml", admin);
        api.put(oncallConfig + "?reason=benchmark", admin, "application/yaml", escalatingAfterTheRun(given), 200);
        try {
            String key = api.createIntegration(run, 1_000_000, 1_000_000);
            Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + key);
            var wrk = new Wrk(workDir);
            String signals = stack.incidentUrl() + SIGNALS_PATH;

            warmUp(wrk, signals, headers);
            quiet("the warm-up");
            OpenLoad open = new OpenLoad(workDir.resolve("gatling"));
            if (all) {
                ingestion(wrk, open, signals, headers, key);
            }
            paging(wrk, open, signals, headers, key);
            if (all) {
                batched(wrk, signals, headers);
                storm(key);
                replay();
            }
            return figures;
        } finally {
            api.put(oncallConfig + "?reason=benchmark", api.token("admin"), "application/yaml", given, 200);
        }
    }

    /**
     * The on-call configuration {@code given} with every escalation level's timeout an hour (the only key of that name
     * in it), as an admin would put it: with the sample's five minutes, the thousands of incidents a load pages and
     * nobody acknowledges would escalate in the middle of a later load, and a figure would depend on where the loads
     * fall against those escalations. The configuration as it was given is put back after the loads.
     */
    static String escalatingAfterTheRun(String given) {
        return LEVEL_TIMEOUT.matcher(given).replaceAll("$1" + ESCALATION_TIMEOUT);
    }

    /** Single-alert webhooks against Alertmanager's, closed and open model. */
    private void ingestion(Wrk wrk, OpenLoad open, String signals, Map<String, String> headers, String key) {
        try (Alertmanager alertmanager = Alertmanager.start(workDir)) {
            Wrk.Result baseline = wrk.post(
                    "alertmanager",
                    alertmanager.url() + "/api/v2/alerts",
                    Map.of("Content-Type", "application/json"),
                    Payloads.alertmanagerApi(run),
                    false,
                    run,
                    mode.wrkThreads,
                    mode.wrkConnections,
                    mode.load);
            check("Alertmanager POST /api/v2/alerts", baseline);
            Wrk.Result repeats = wrk.post(
                    "repeats",
                    signals,
                    headers,
                    Payloads.webhook(Wrk.GROUP_PLACEHOLDER, 1),
                    false,
                    run + "-repeat",
                    mode.wrkThreads,
                    mode.wrkConnections,
                    mode.load);
            check("repeats of one alert", repeats);
            quiet("the repeats");
            figures.add(
                    "single-alert webhooks, wrk %d threads / %d connections, repeats of one alert (req/s)"
                            .formatted(mode.wrkThreads, mode.wrkConnections),
                    "Alertmanager " + Figures.num(baseline.requestsPerSecond()),
                    Figures.num(repeats.requestsPerSecond()),
                    Figures.ratio(repeats.requestsPerSecond(), baseline.requestsPerSecond()),
                    "≥ 1.50×");
        }

        String repeatBody = Payloads.webhook(run + "-open", 1);
        OpenLoad.Result steady = open.run(new OpenLoad.Plan(
                "open-repeats",
                stack.incidentUrl(),
                "Bearer " + key,
                n -> SIGNALS_PATH,
                n -> repeatBody,
                202,
                0,
                mode.openRate,
                mode.load));
        check(steady);
        quiet("the open-model repeats");
        figures.add(
                "same, open model at %d req/s: latency p50 / p99 / max (ms)".formatted(mode.openRate),
                "",
                latencies(steady),
                "",
                "p99 ≤ 20 ms at 1,000 req/s");
    }

    /**
     * New incidents end to end: the capacity, alert → page at each rate beside Alertmanager's, the read models' lag,
     * and acknowledgements alone and while the highest rate is paged.
     */
    private void paging(Wrk wrk, OpenLoad open, String signals, Map<String, String> headers, String key) {
        String newPrefix = run + "-new";
        Wrk.Result fresh = wrk.post(
                newPrefix,
                signals,
                headers,
                Payloads.webhook(Wrk.GROUP_PLACEHOLDER, 1),
                true,
                null,
                mode.wrkThreads,
                mode.wrkConnections,
                mode.load);
        check("every request a new alert", fresh);
        Duration drained = awaitPages(newPrefix + "-", fresh.requests() - fresh.failed());
        Duration caughtUp = quiet("the new alerts");
        figures.add(
                "same, every request a new alert (req/s); after the load, every page was in Slack after …, "
                        + "and every consumer (report-service's projection last) had caught up … later",
                "",
                Figures.num(fresh.requestsPerSecond()) + " req/s; " + seconds(drained) + ", " + seconds(caughtUp),
                "",
                "≥ 5,000 req/s while the pipeline keeps up");
        double capacity = (fresh.requests() - fresh.failed()) / ((mode.load.toNanos() + drained.toNanos()) / 1e9);
        figures.add(
                "capacity: new SEV1 incidents paged per second end to end (the alerts above ÷ the load's time and "
                        + "the drain after it)",
                "",
                Figures.num(capacity),
                "",
                "≥ 500 with page p99 ≤ 1 s");

        for (int i = 0; i < mode.endToEndRates.length - 1; i++) {
            endToEnd(open, key, mode.endToEndRates[i], capacity);
        }
        Rate highest = mode.endToEndRates[mode.endToEndRates.length - 1];
        long[] lag;
        try (var sampler = new ReadModelLoad.LagSampler(api, stack)) {
            endToEnd(open, key, highest, capacity);
            lag = sampler.percentiles();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        figures.add(
                "report-service read models while ingesting %d alerts/s (above): ledger records not yet applied, "
                                .formatted(highest.perSecond())
                        + "p50 / p99 / max",
                "",
                lag[0] + " / " + lag[1] + " / " + lag[2],
                "",
                "keeps up (small, bounded)");
        acknowledge(open);
        acknowledgeWhilePaging(open, key, highest.perSecond());
    }

    /**
     * report-service over a large ledger: how fast the live projection applies a million events written at once, and
     * how fast a rebuild of every read model from offset 0 runs (the whole ledger, everything before included).
     */
    private void readModels() {
        quiet("the storm");
        Instant seededFrom = Instant.now();
        long started = System.nanoTime();
        long seeded = ReadModelLoad.seed(stack.kafkaBootstrapServers(), mode.ledgerEvents, run);
        Duration written = Duration.ofNanos(System.nanoTime() - started);
        Duration caughtUp = ReadModelLoad.awaitApplied(api, stack, STORM_DRAIN_LIMIT);
        if (caughtUp == null) {
            figures.problem(
                    "report-service had not applied the seeded ledger after " + STORM_DRAIN_LIMIT.toMinutes() + " min");
            return;
        }
        double live = seeded / ((written.toNanos() + caughtUp.toNanos()) / 1e9);
        figures.add(
                ("live read models: %,d ledger events written at once (in %s), all applied %s later, "
                                + "while notify-service reads the same incidents (events/s)")
                        .formatted(seeded, seconds(written), seconds(caughtUp)),
                "",
                Figures.num(live),
                "",
                "none: the lag under load is the live target");
        if (Quiet.await(stack.kafkaBootstrapServers(), STORM_DRAIN_LIMIT) == null) {
            figures.problem("the consumers had not caught up with the seeded ledger after "
                    + STORM_DRAIN_LIMIT.toMinutes() + " min");
            return;
        }
        notifyRestart();
        var rebuilt = ReadModelLoad.rebuild(api, stack, STORM_DRAIN_LIMIT);
        if (!"SWITCHED".equals(rebuilt.path("state").asText())) {
            figures.problem("the rebuild ended " + rebuilt);
            return;
        }
        figures.add(
                "rebuild of every read model from offset 0, %,d ledger records (events/s)"
                        .formatted(rebuilt.path("records").asLong()),
                "",
                Figures.num(rebuilt.path("eventsPerSecond").asDouble()),
                "",
                "≥ 50,000 events/s");
        verification();
        simulation(seededFrom);
    }

    /** The whole ledger's hash chains and checkpoints verified through the API, as an admin asks. */
    private void verification() {
        long asked = System.nanoTime();
        JsonNode report = api.get(stack.incidentUrl() + "/api/v1/admin/ledger/verify", api.token("admin"));
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        if (!report.path("broken").isNull()) {
            figures.problem("the ledger's verification found a break: " + report.path("broken"));
            return;
        }
        figures.add(
                ("verification of the whole ledger: %,d records, %,d chained events, %,d checkpoints checked, in %s "
                                + "(records/s)")
                        .formatted(
                                report.path("records").asLong(),
                                report.path("chained").asLong(),
                                report.path("checkpoints").asLong(),
                                seconds(took)),
                "",
                Figures.num(report.path("records").asLong() / (took.toNanos() / 1e9)),
                "",
                "none (issue 28 asks for the figure)");
    }

    /** The on-call configuration in force simulated on the incidents the seeded ledger opened (and the storm's). */
    private void simulation(Instant from) {
        long asked = System.nanoTime();
        JsonNode comparison = api.post(
                stack.notifyUrl() + "/api/v1/admin/oncall-config/simulations?product=shop&from="
                        + from.minusSeconds(60),
                api.token("admin"),
                "text/plain",
                "",
                200);
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        long incidents = comparison.path("incidents").asLong();
        figures.add(
                ("simulation of the on-call configuration in force on the incidents of product shop since the seeded "
                                + "ledger: %,d incidents (%,d pages recorded, %,d simulated), in %s (incidents/s)")
                        .formatted(
                                incidents,
                                comparison.path("real").path("pages").asLong(),
                                comparison.path("draft").path("pages").asLong(),
                                seconds(took)),
                "",
                Figures.num(incidents / (took.toNanos() / 1e9)),
                "",
                "none (issue 28 asks for the figure)");
    }

    /**
     * A replay of a month of signals (seeded straight onto the signals topic and digested by the deciders first)
     * through a draft grouping: from the request until its result, as an admin polls it.
     */
    private void replay() {
        String product = run + "-replay";
        long started = System.nanoTime();
        Instant first = ReplayLoad.seed(stack.kafkaBootstrapServers(), mode.replaySignals, product);
        Duration written = Duration.ofNanos(System.nanoTime() - started);
        if (Quiet.await(stack.kafkaBootstrapServers(), STORM_DRAIN_LIMIT) == null) {
            figures.problem("the deciders had not caught up with the seeded signals after "
                    + STORM_DRAIN_LIMIT.toMinutes() + " min");
            return;
        }
        String body = Api.json(Map.of(
                "product",
                product,
                "from",
                first.minusSeconds(60).toString(),
                "rules",
                Map.of("grouping", Map.of("by", List.of("alertname")))));
        long asked = System.nanoTime();
        String replayId = api.post(stack.incidentUrl() + "/api/v1/replays", api.token("admin"), body, 202)
                .path("replayId")
                .asText();
        Instant deadline = Instant.now().plus(STORM_DRAIN_LIMIT);
        JsonNode replay = api.get(stack.incidentUrl() + "/api/v1/replays/" + replayId, api.token("admin"));
        while ("running".equals(replay.path("status").asText()) && Instant.now().isBefore(deadline)) {
            Tools.pause(Duration.ofMillis(200));
            replay = api.get(stack.incidentUrl() + "/api/v1/replays/" + replayId, api.token("admin"));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        if (!"done".equals(replay.path("status").asText())) {
            figures.problem("the replay ended " + replay.path("status").asText() + ": " + replay.path("error"));
            return;
        }
        JsonNode result = replay.path("result");
        figures.add(
                ("replay (what-if) of a month: %,d signals of one product, written in %s (%,d records of "
                                + "kizuki.signals.v1 read), through a draft grouping by alertname: %,d incidents "
                                + "then, %,d under the draft; from the request to its result (s)")
                        .formatted(
                                result.path("signals").asLong(),
                                seconds(written),
                                replay.path("read").asLong(),
                                result.path("actual").path("incidents").asLong(),
                                result.path("draft").path("incidents").asLong()),
                "",
                seconds(took),
                "",
                "≤ 60 s for 1,000,000 signals");
    }

    /**
     * notify-service killed ({@code kill -9}) once the ledger is large, and started again: how long until it is ready
     * (every ledger partition it gets read up to its end, so it pages again), and how much of the ledger it read.
     */
    private void notifyRestart() {
        long records = ReadModelLoad.ledgerRecords(stack.kafkaBootstrapServers());
        BenchStack.Restart restart = stack.killAndRestart("notify-service");
        figures.add(
                "notify-service killed with a ledger of %,d records and started again: ready (pages again) after …, "
                                .formatted(records)
                        + "including the supervisor's 0.2 s back-off and the JVM's start (… of them from its process's "
                        + "start)",
                "",
                hundredths(restart.fromKill()) + " (" + hundredths(restart.fromProcessStart()) + ")",
                "",
                "start ≤ 3 s, flat in ledger size");
    }

    /**
     * An alert storm as Alertmanager sends it: one notification holding a whole group. How long until it is answered
     * 202 (every alert in Kafka), and until every consumer — deciders, report-service's projection, notify-service —
     * has caught up with it.
     */
    private void storm(String key) {
        quiet("the batched webhooks");
        String body = Payloads.webhook(run + "-storm", mode.stormAlerts);
        long started = System.nanoTime();
        int status = api.post(stack.incidentUrl() + SIGNALS_PATH, key, body);
        Duration answered = Duration.ofNanos(System.nanoTime() - started);
        if (status != 202) {
            figures.problem("the storm webhook was answered " + status + ", not 202");
        }
        Duration caughtUp = Quiet.await(stack.kafkaBootstrapServers(), STORM_DRAIN_LIMIT);
        if (caughtUp == null) {
            figures.problem(
                    "the consumers had not caught up " + STORM_DRAIN_LIMIT.toMinutes() + " min after the storm");
            caughtUp = STORM_DRAIN_LIMIT;
        }
        figures.add(
                "one webhook of %,d alerts (%.1f MiB, one group): answered 202 after / every consumer caught up "
                                .formatted(mode.stormAlerts, body.length() / 1048576.0)
                        + "after",
                "",
                seconds(answered) + " / " + seconds(answered.plus(caughtUp)),
                "",
                "202 (any 4xx loses it)");
    }

    /**
     * Runs every path once before anything is measured: new alerts through the whole pipeline, then acknowledgements,
     * so that the services' JIT has compiled them (a JVM service's first seconds are not its steady state).
     */
    private void warmUp(Wrk wrk, String signals, Map<String, String> headers) {
        String prefix = run + "-warm";
        Wrk.Result warm = wrk.post(
                prefix,
                signals,
                headers,
                Payloads.webhook(Wrk.GROUP_PLACEHOLDER, 1),
                true,
                null,
                mode.wrkThreads,
                mode.wrkConnections,
                mode.warmUp);
        check("warm-up", warm);
        awaitPages(prefix + "-", warm.requests() - warm.failed());
        List<String> incidents = LedgerScan.unacknowledged(stack.kafkaBootstrapServers(), Long.MAX_VALUE);
        String token = "Bearer " + api.token("admin");
        int count = Math.min(incidents.size(), (int) (mode.ackRate * mode.warmUp.toSeconds()) / 2 + 1);
        OpenLoad.Result acks = new OpenLoad(workDir.resolve("gatling"))
                .run(new OpenLoad.Plan(
                        "warm-up-acknowledge",
                        stack.incidentUrl(),
                        token,
                        n -> "/api/v1/incidents/" + incidents.get((int) (n - 1) % count) + "/acknowledge",
                        n -> "",
                        200,
                        202,
                        count / (double) mode.warmUp.toSeconds(),
                        mode.warmUp));
        if (acks.requests() == 0) {
            figures.problem("the warm-up acknowledged nothing");
        }
    }

    /**
     * Alert accepted (202) → Slack stand-in received, every alert new, at a constant arrival rate, beside the same
     * alerts sent to a real Alertmanager routing them at once to a webhook (its {@code POST /api/v2/alerts} sent →
     * the webhook received: Alertmanager may notify before it answers), and the offered load as a share of the measured capacity (the knee is where latency
     * leaves the peer's).
     */
    private void endToEnd(OpenLoad open, String key, Rate offered, double capacity) {
        int rate = offered.perSecond();
        List<Long> peer = alertmanagerPeer(open, offered);
        String prefix = run + "-e2e" + rate + "-";
        OpenLoad.Result load = open.run(newAlerts("end-to-end-" + rate, prefix, key, offered));
        check(load);
        Duration drained = awaitPages(prefix, load.accepted().size());
        quiet("the end-to-end load at " + rate + "/s");
        Map<String, Instant> paged = new HashMap<>();
        Pattern number = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\b");
        for (ObjectNode message : stack.slackMessages()) {
            Matcher matcher =
                    number.matcher(message.path("payload").path("text").asText());
            if (matcher.find()) {
                paged.putIfAbsent(
                        matcher.group(1),
                        Instant.parse(message.get("receivedAt").asText()));
            }
        }
        List<Long> delays = new ArrayList<>();
        load.accepted().forEach((n, accepted) -> {
            Instant page = paged.get(Long.toString(n));
            if (page != null) {
                delays.add(Duration.between(accepted, page).toNanos());
            }
        });
        if (delays.size() < load.accepted().size()) {
            figures.problem((load.accepted().size() - delays.size()) + " of "
                    + load.accepted().size() + " alerts at " + rate + "/s never reached the Slack stand-in");
        }
        double p99 = OpenLoad.percentile(delays, 99);
        double peerP99 = OpenLoad.percentile(peer, 99);
        figures.add(
                ("alert accepted → Slack stand-in received, open model at %d alerts/s (%s of the capacity): "
                                + "p50 / p99 (ms); ratio: Kizuki's p99 over Alertmanager's")
                        .formatted(rate, Figures.ratio(rate, capacity)),
                "Alertmanager → webhook " + Figures.num(OpenLoad.percentile(peer, 50)) + " / " + Figures.num(peerP99),
                Figures.num(OpenLoad.percentile(delays, 50)) + " / " + Figures.num(p99) + " (drained in "
                        + seconds(drained) + ")",
                Figures.ratio(p99, peerP99),
                "p99 ≤ 100 ms at 100 alerts/s; ≤ 1 s at 500");
    }

    /**
     * The same open load of new alerts to a real Alertmanager ({@code POST /api/v2/alerts}, answered 200), each
     * routed at once to a webhook in this JVM: the delays from each request's sending to the webhook's receipt.
     */
    private List<Long> alertmanagerPeer(OpenLoad open, Rate offered) {
        int rate = offered.perSecond();
        String prefix = run + "-peer" + rate + "-";
        try (Alertmanager alertmanager = Alertmanager.start(workDir)) {
            OpenLoad.Result load = open.run(new OpenLoad.Plan(
                    "alertmanager-peer-" + rate,
                    alertmanager.url(),
                    "",
                    n -> "/api/v2/alerts",
                    n -> Payloads.alertmanagerPeer(prefix + n),
                    200,
                    0,
                    rate,
                    offered.load()));
            check(load);
            Instant deadline = Instant.now().plus(mode.drainLimit);
            while (alertmanager.notified().size() < load.accepted().size()
                    && Instant.now().isBefore(deadline)) {
                Tools.pause(Duration.ofMillis(100));
            }
            Map<String, Instant> notified = alertmanager.notified();
            List<Long> delays = new ArrayList<>();
            load.sent().forEach((n, sent) -> {
                Instant received = notified.get(prefix + n);
                if (received != null) {
                    delays.add(Duration.between(sent, received).toNanos());
                }
            });
            if (delays.size() < load.accepted().size()) {
                figures.problem((load.accepted().size() - delays.size()) + " of "
                        + load.accepted().size() + " alerts at " + rate + "/s never reached Alertmanager's webhook");
            }
            return delays;
        }
    }

    /** Acknowledge round trips (HTTP → decider → answer) on open incidents, at a constant arrival rate. */
    private void acknowledge(OpenLoad open) {
        OpenLoad.Result acks = open.run(acknowledgements("acknowledge"));
        check(acks);
        quiet("the acknowledgements");
        figures.add(
                ("acknowledge round trip (HTTP → decider → answer), open model at %d commands/s: p50 / p99 / max "
                                + "(ms); answered 202 (not decided within the API's 10 s)")
                        .formatted(mode.ackRate),
                "",
                latencies(acks) + "; " + queued(acks),
                "",
                "p99 ≤ 50 ms at 200 commands/s");
    }

    /**
     * The same acknowledgements while new alerts arrive at {@code rate}, each one an incident to page: what a responder
     * waits for in a storm, while notify-service's pages and deliveries are decided alongside.
     */
    private void acknowledgeWhilePaging(OpenLoad open, String key, int rate) {
        String prefix = run + "-busy" + rate + "-";
        List<OpenLoad.Result> results = open.run(List.of(
                newAlerts("paging-" + rate, prefix, key, new Rate(rate, mode.load)),
                acknowledgements("acknowledge-while-paging")));
        results.forEach(this::check);
        Duration drained = awaitPages(prefix, results.getFirst().accepted().size());
        quiet("the acknowledgements while paging");
        figures.add(
                ("acknowledge round trip at %d commands/s while %d new SEV1 incidents/s are paged (every page was in "
                                + "Slack … after the load): p50 / p99 / max (ms); answered 202 (not decided within the API's "
                                + "10 s)")
                        .formatted(mode.ackRate, rate),
                "",
                latencies(results.get(1)) + " (paged " + seconds(drained) + " after); " + queued(results.get(1)),
                "",
                "p99 ≤ 50 ms");
    }

    /** Webhooks of one new alert each (alert name {@code prefix} and the request's number) at {@code offered}. */
    private OpenLoad.Plan newAlerts(String name, String prefix, String key, Rate offered) {
        return new OpenLoad.Plan(
                name,
                stack.incidentUrl(),
                "Bearer " + key,
                n -> SIGNALS_PATH,
                n -> Payloads.webhook(prefix + n, 1),
                202,
                0,
                offered.perSecond(),
                offered.load());
    }

    /** Acknowledgements at {@code ackRate}, each of another open incident nobody acknowledged yet. */
    private OpenLoad.Plan acknowledgements(String name) {
        long needed = (long) mode.ackRate * mode.load.toSeconds() + mode.ackRate;
        List<String> incidents = LedgerScan.unacknowledged(stack.kafkaBootstrapServers(), needed);
        if (incidents.size() < needed) {
            figures.problem("only " + incidents.size() + " open incidents to acknowledge; " + needed + " needed");
        }
        String token = "Bearer " + api.token("admin");
        return new OpenLoad.Plan(
                name,
                stack.incidentUrl(),
                token,
                n -> "/api/v1/incidents/" + incidents.get((int) ((n - 1) % incidents.size())) + "/acknowledge",
                n -> "",
                200,
                202,
                mode.ackRate,
                mode.load);
    }

    /** Webhooks of 100 alerts each, against Kafka's own producer tool on the same broker. */
    private void batched(Wrk wrk, String signals, Map<String, String> headers) {
        ProducerBaseline.Result raw =
                ProducerBaseline.run(stack.kafkaBootstrapServers(), LocalStack.PARTITIONS, mode.producerRecords);
        Wrk.Result batches = wrk.post(
                run + "-batch",
                signals,
                headers,
                Payloads.webhook(Wrk.GROUP_PLACEHOLDER, 100),
                true,
                null,
                mode.wrkThreads,
                mode.wrkConnections,
                mode.load);
        check("batched webhooks", batches);
        double alerts = batches.requestsPerSecond() * 100;
        figures.add(
                "batched webhooks (100 alerts each), wrk %d threads / %d connections (alerts/s)"
                        .formatted(mode.wrkThreads, mode.wrkConnections),
                "raw producer, 512 B, acks=all: " + Figures.num(raw.recordsPerSecond()) + " records/s",
                Figures.num(alerts),
                Figures.ratio(alerts, raw.recordsPerSecond()),
                "≥ 0.50×");
    }

    /**
     * Each service's start time (its own log) and resident memory right after, idle: as the stack started them (one
     * after the other, each once the one before was ready), then each started again alone on the quiet stack
     * ({@code kill -9}, started again at once) once every consumer had caught up and the machine's cores were idle
     * (the harness's own checks and the service restarted before it done): its start, and the time until it was ready
     * from its process's start and from the kill.
     */
    private void footprint() {
        Map<String, Long> pids = stack.servicePids();
        for (Map.Entry<String, Long> service : pids.entrySet()) {
            List<String> starts = startsIn(stack.logs().resolve(service.getKey() + ".log"));
            long rssMiB = Tools.residentKib(service.getValue()) / 1024;
            if (starts.isEmpty() || rssMiB <= 0) {
                figures.problem("no start time or memory figure for " + service.getKey());
            }
            figures.add(
                    service.getKey() + ": start (s) / idle RSS (MiB)",
                    "",
                    (starts.isEmpty() ? null : starts.getFirst()) + " s / " + rssMiB + " MiB",
                    "",
                    "≤ 1.5 s / ≤ 250 MB");
        }
        for (String service : pids.keySet()) {
            quiet("the start before " + service + "'s restart");
            Duration waited = idle();
            BenchStack.Restart restart = stack.killAndRestart(service);
            List<String> starts = startsIn(stack.logs().resolve(service + ".log"));
            long rssMiB = Tools.residentKib(stack.servicePids().get(service)) / 1024;
            if (starts.size() < 2 || rssMiB <= 0) {
                figures.problem("no start time or memory figure for " + service + " started again alone");
            }
            figures.add(
                    service + " started again alone (kill -9 on the quiet stack, once at most a quarter of the "
                            + "machine's cores were busy over 0.5 s): start (s) / from its process's start to ready "
                            + "(s) / from the kill to ready (s) / idle RSS (MiB)",
                    "",
                    (starts.isEmpty() ? null : starts.getLast()) + " s / " + hundredths(restart.fromProcessStart())
                            + " / " + hundredths(restart.fromKill()) + " / " + rssMiB + " MiB; "
                            + (waited == null
                                    ? "the cores were not idle within " + mode.idleLimit.toSeconds()
                                            + " s: restarted anyway"
                                    : "cores idle after " + hundredths(waited)),
                    "",
                    "ready ≤ 1.5 s when started alone / ≤ 250 MB");
        }
    }

    /**
     * Waits until at most {@link #IDLE_SHARE} of the machine's cores were busy over {@link #IDLE_WINDOW}; says how long
     * that took, or {@code null} when they were not within the mode's limit.
     */
    private Duration idle() {
        long started = System.nanoTime();
        while (Tools.busyShare(IDLE_WINDOW) > IDLE_SHARE) {
            if (System.nanoTime() - started > mode.idleLimit.toNanos()) {
                return null;
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Every "started in" of a service's log, in order (each start of the process appends to it). */
    private static List<String> startsIn(Path log) {
        try {
            return STARTED.matcher(Files.readString(log))
                    .results()
                    .map(match -> match.group(1))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Waits until the Slack stand-in holds messages about {@code expected} alerts whose names start with
     * {@code prefix} (a page, its escalations and announcements count once), and says how long that took.
     */
    private Duration awaitPages(String prefix, long expected) {
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(mode.drainLimit);
        Pattern alert = Pattern.compile(Pattern.quote(prefix) + "[^\\s)]*");
        long seen = 0;
        while (Instant.now().isBefore(deadline)) {
            seen = stack.slackMessages().stream()
                    .map(m -> alert.matcher(m.path("payload").path("text").asText()))
                    .filter(Matcher::find)
                    .map(Matcher::group)
                    .distinct()
                    .count();
            if (seen >= expected) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Tools.pause(Duration.ofMillis(100));
        }
        figures.problem("only " + seen + " of " + expected + " pages reached the Slack stand-in within "
                + mode.drainLimit.toSeconds() + " s");
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Waits until every consumer has caught up with what {@code after} produced; says how long that took. */
    private Duration quiet(String after) {
        Duration took = Quiet.await(stack.kafkaBootstrapServers(), mode.drainLimit);
        if (took == null) {
            figures.problem("the consumers had not caught up " + mode.drainLimit.toSeconds() + " s after " + after);
            return mode.drainLimit;
        }
        return took;
    }

    private void check(String what, Wrk.Result result) {
        if (!result.allSucceeded()) {
            figures.problem(what + ": " + result.failed() + " of " + result.requests() + " requests failed\n"
                    + result.output());
        }
    }

    private void check(OpenLoad.Result result) {
        if (!result.allSucceeded()) {
            figures.problem(result.name() + ": " + result.failed() + " of " + result.requests() + " requests failed");
        }
    }

    /** How many of a load's requests were answered with its queued status, of how many, or "none". */
    private static String queued(OpenLoad.Result result) {
        return result.queued() == 0 ? "none" : Figures.num(result.queued()) + " of " + Figures.num(result.requests());
    }

    private static String latencies(OpenLoad.Result result) {
        return Figures.num(result.p50Millis()) + " / " + Figures.num(result.p99Millis()) + " / "
                + Figures.num(result.maxMillis());
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String hundredths(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }

    /**
     * {@code deploy/bench/run}: starts a local stack on free ports (nothing else on this machine is disturbed), runs
     * the benchmark, prints the table and writes it to {@code --out}.
     * Arguments: {@code --root DIR} (the checkout), {@code --smoke}, {@code --only paging|read-models},
     * {@code --out FILE}.
     */
    private static Part part(String only) {
        if (only == null) {
            return Part.ALL;
        }
        return switch (only) {
            case "paging" -> Part.PAGING;
            case "read-models" -> Part.READ_MODELS;
            case "replay" -> Part.REPLAY;
            default ->
                throw new IllegalArgumentException("--only paging, --only read-models or --only replay, not " + only);
        };
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--smoke")) {
                options.put("--smoke", "true");
            } else if (i + 1 < args.length) {
                options.put(args[i], args[++i]);
            }
        }
        Path root =
                Path.of(options.getOrDefault("--root", ".")).toAbsolutePath().normalize();
        Mode mode = options.containsKey("--smoke") ? Mode.SMOKE : Mode.FULL;
        Path work = root.resolve("deploy/bench/target/run");
        Path out = Path.of(options.getOrDefault(
                "--out",
                work.resolve("results-" + mode.name().toLowerCase() + ".md").toString()));
        // what the services start with decides their start rows: a plain mvn package after deploy/local/build leaves
        // them without a cache, about twice as slow to start, which only this line would tell
        String caches = "ahead-of-time caches: " + LocalStack.startCaches(root);
        if (!LocalStack.SERVICES.stream()
                .allMatch(service -> LocalStack.startCache(root, service) == LocalStack.StartCache.TRAINED)) {
            System.err.println("Warning: not every service starts with its trained cache (" + caches
                    + "): the start rows measure them so; deploy/bench/run without --no-build trains them");
        }
        Figures figures;
        try (StackProcess stack = StackProcess.start(root, work.resolve("stack"))) {
            figures = run(stack, mode, work, part(options.get("--only")));
        }
        String table = "Kizuki benchmark (" + mode.name().toLowerCase() + "), " + Tools.machine() + "; " + caches
                + "\n\n"
                + figures.markdown();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println();
        System.out.println(table);
        System.out.println("written to " + out);
        System.exit(figures.problems().isEmpty() ? 0 : 1);
    }
}
