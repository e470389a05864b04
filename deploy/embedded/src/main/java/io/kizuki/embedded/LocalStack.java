package io.kizuki.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The whole Kizuki system on one machine, without Docker: Kafka, PostgreSQL and Keycloak (real, from Maven Central
 * artifacts), the Slack stand-in, and the three services as child processes of this JVM. Used by
 * {@code deploy/local/up} and by the system tests.
 */
public final class LocalStack implements AutoCloseable {

    /** The ports of every part. */
    public record Ports(
            int kafka,
            int postgres,
            int keycloak,
            int slack,
            int smtp,
            int incidentService,
            int notifyService,
            int reportService) {

        /** The documented defaults, each overridable by an environment variable ({@code KIZUKI_KAFKA_PORT} …). */
        public static Ports defaults() {
            return new Ports(
                    env("KIZUKI_KAFKA_PORT", 9092),
                    env("KIZUKI_POSTGRES_PORT", 5432),
                    env("KIZUKI_KEYCLOAK_PORT", 8180),
                    env("KIZUKI_SLACK_PORT", 8089),
                    env("KIZUKI_SMTP_PORT", 3025),
                    env("KIZUKI_INCIDENT_PORT", 8081),
                    env("KIZUKI_NOTIFY_PORT", 8082),
                    env("KIZUKI_REPORT_PORT", 8083));
        }

        /** Free ports, so tests never collide with a running local stack. */
        public static Ports random() {
            // eight different ones, outside the ports outgoing connections take (they are listened on later)
            Set<Integer> free = new LinkedHashSet<>();
            while (free.size() < 8) {
                free.add(io.kizuki.embedded.Ports.unclaimed());
            }
            Iterator<Integer> port = free.iterator();
            return new Ports(
                    port.next(),
                    port.next(),
                    port.next(),
                    port.next(),
                    port.next(),
                    port.next(),
                    port.next(),
                    port.next());
        }

        Map<String, Integer> byPart() {
            Map<String, Integer> parts = new LinkedHashMap<>();
            parts.put("Kafka (KIZUKI_KAFKA_PORT)", kafka);
            parts.put("PostgreSQL (KIZUKI_POSTGRES_PORT)", postgres);
            parts.put("Keycloak (KIZUKI_KEYCLOAK_PORT)", keycloak);
            parts.put("Slack stand-in (KIZUKI_SLACK_PORT)", slack);
            parts.put("SMTP server (KIZUKI_SMTP_PORT)", smtp);
            parts.put("incident-service (KIZUKI_INCIDENT_PORT)", incidentService);
            parts.put("notify-service (KIZUKI_NOTIFY_PORT)", notifyService);
            parts.put("report-service (KIZUKI_REPORT_PORT)", reportService);
            return parts;
        }

        private static int env(String name, int fallback) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'");
            }
        }
    }

    public static final int PARTITIONS = 3;
    /** The services, in the order they start. */
    public static final List<String> SERVICES = List.of("incident-service", "notify-service", "report-service");
    /** Dev only: the routing key of the local stack's integration for product {@code shop}. */
    public static final String DEV_ROUTING_KEY = "R0UT1NGKEYSHOP00000000000000000A";

    private static final Duration SERVICE_START = Duration.ofMinutes(3);
    /** The ahead-of-time cache beside a service's jar that {@link #aotCache} uses. */
    static final String AOT_CACHE = "app.aot";
    /** Written beside {@link #AOT_CACHE} by {@link AotTraining} once it put a trained cache there. */
    static final String TRAINED_MARK = AOT_CACHE + ".trained";

    /** Which ahead-of-time cache a service starts with ({@link #startCache}). */
    public enum StartCache {
        TRAINED("trained"),
        BUILD("the build's only (deploy/local/build trains one)"),
        NONE("none (not built with -Daot, older than its jar, or a JDK before 25)");

        private final String words;

        StartCache(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    private final Ports ports;
    private Path logs;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private EmbeddedKafka kafka;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKeycloak keycloak;
    private Supplier<EmbeddedKeycloak> keycloakStarter;
    private SlackStandIn slack;
    private MailServer mail;
    private final Map<String, ChildProcess> services = Collections.synchronizedMap(new LinkedHashMap<>());
    private Supervisor supervisor;
    private final Map<String, Supplier<ChildProcess>> starters = new LinkedHashMap<>();
    private final Map<String, Integer> instancePorts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Path> apps = new LinkedHashMap<>();
    private final Map<String, Function<String, Map<String, String>>> specific = new LinkedHashMap<>();
    private Map<String, String> common;
    private Path workDir;
    private LedgerBackup.Summary restored;

    /** notify-service's {@code kizuki.notify.telephony.provider}: its stand-in's Twilio, or its SMS gateway. */
    private final String telephony;

    /** Whether each service records an ahead-of-time cache as it runs ({@link AotTraining}) instead of using one. */
    private boolean aotTraining;

    /** This JVM's {@link #SERVICE_PROPERTY_PREFIX} properties when the stack started: they go to every start. */
    private final Map<String, String> passedOn = new TreeMap<>();

    private LocalStack(Ports ports, String telephony) {
        this.ports = ports;
        this.telephony = telephony;
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith(SERVICE_PROPERTY_PREFIX))
                .forEach(key -> passedOn.put(key.substring(SERVICE_PROPERTY_PREFIX.length()), System.getProperty(key)));
    }

    /**
     * Starts every part on a clean work directory, notify-service texting and calling through {@code telephony}:
     * {@code twilio} (the stand-in's Twilio, as every other start), {@code gateway} (the stand-in's SMS gateway,
     * {@link GatewayStandIn}) or {@code none}.
     */
    public static LocalStack start(Path projectRoot, Ports ports, Path workDir, String telephony) {
        return start(projectRoot, ports, workDir, true, null, SERVICES, telephony);
    }

    /**
     * Starts every part on a clean work directory (the system tests and the benchmark: nothing from before) and
     * returns once all are healthy.
     *
     * @param projectRoot the checkout, holding the packaged services and {@code deploy/keycloak}
     * @param workDir     where data and logs go (wiped at start)
     */
    public static LocalStack start(Path projectRoot, Ports ports, Path workDir) {
        return start(projectRoot, ports, workDir, true);
    }

    /**
     * Starts every part and returns once all are healthy.
     *
     * @param workDir where data and logs go: Kafka's log, PostgreSQL's data (report-service's read models and
     *                Keycloak's database), incident-service's state, the on-call file
     * @param wipe    whether to delete what the directory holds first; else the stack goes on from it
     */
    public static LocalStack start(Path projectRoot, Ports ports, Path workDir, boolean wipe) {
        return start(projectRoot, ports, workDir, wipe, null, SERVICES);
    }

    /**
     * Starts every part and returns once all are healthy; with a backup ({@link LedgerBackup}), restores it into the
     * new Kafka before any service starts, so that the deciders go on from the restored state and the read models
     * build from the restored ledger.
     *
     * @param restoreFrom a backup file, or {@code null}; the work directory must then be new (the restore refuses
     *                    topics that hold anything)
     * @param services    which of {@link #SERVICES} to start ({@link #startInstance} starts others later)
     */
    public static LocalStack start(
            Path projectRoot, Ports ports, Path workDir, boolean wipe, Path restoreFrom, List<String> services) {
        return start(projectRoot, ports, workDir, wipe, restoreFrom, services, "twilio");
    }

    private static LocalStack start(
            Path projectRoot,
            Ports ports,
            Path workDir,
            boolean wipe,
            Path restoreFrom,
            List<String> services,
            String telephony) {
        if (!List.of("twilio", "gateway", "none").contains(telephony)) {
            throw new IllegalArgumentException("telephony must be twilio, gateway or none, not " + telephony);
        }
        return started(new LocalStack(ports, telephony), projectRoot, workDir, wipe, restoreFrom, services);
    }

    /**
     * Starts every part on a clean work directory, each service recording what it loads, links and runs into an
     * ahead-of-time cache that its JVM writes as it ends ({@link #trainingCache}); for {@link AotTraining}.
     */
    static LocalStack startTraining(Path projectRoot, Ports ports, Path workDir) {
        var stack = new LocalStack(ports, "twilio");
        stack.aotTraining = true;
        return started(stack, projectRoot, workDir, true, null, SERVICES);
    }

    private static LocalStack started(
            LocalStack stack, Path projectRoot, Path workDir, boolean wipe, Path restoreFrom, List<String> services) {
        try {
            stack.startAll(projectRoot, workDir, wipe, restoreFrom, services);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * The sample on-call configuration: notify-service is started with a copy of it in the work directory (its admin
     * API writes the file it was started with), and with the stand-ins' addresses for the sample's variables.
     */
    public static final String ONCALL_SAMPLE = "deploy/config/notify.yaml";

    /**
     * The prefix of this JVM's system properties that are passed on (without it) to every service of a stack started
     * while they are set; after it, a service's name and a dot pass the rest to that service only.
     */
    public static final String SERVICE_PROPERTY_PREFIX = "kizuki.services.";
    /** The sample's Slack channel's webhook path at the stand-in. */
    public static final String SHOP_CHANNEL_PATH = "/services/T00000000/B00000000/kizukilocaldevwebhook00";
    /** The sample's signed webhook's path at the stand-in. */
    public static final String OPS_PAGER_PATH = "/hooks/ops-pager";

    private void startAll(Path projectRoot, Path workDir, boolean wipe, Path restoreFrom, List<String> only) {
        List<String> taken = ports.byPart().entrySet().stream()
                .filter(e -> !io.kizuki.embedded.Ports.isFree(e.getValue()))
                .map(e -> "port " + e.getValue() + " for " + e.getKey() + " is taken")
                .toList();
        if (!taken.isEmpty()) {
            throw new IllegalStateException(String.join("\n", taken)
                    + "\nStop what uses it (deploy/local/down stops an earlier stack) or choose another port.");
        }
        for (String service : SERVICES) {
            Path app = app(projectRoot, service);
            if (!Files.isRegularFile(app)) {
                throw new IllegalStateException(app + " is missing: build first (./mvnw -DskipTests package)");
            }
            apps.put(service, app);
        }
        this.workDir = workDir;
        logs = workDir.resolve("logs");
        if (wipe) {
            recreate(workDir);
        }

        // PostgreSQL first: Keycloak keeps its database there
        postgres = track(EmbeddedPostgresServer.start(ports.postgres(), workDir.resolve("postgres")));
        keycloakStarter = () -> EmbeddedKeycloak.start(
                ports.keycloak(),
                projectRoot.resolve("deploy/keycloak/kizuki-realm.json"),
                cacheDir(),
                logs,
                postgres,
                consoleOrigins());
        keycloak = track(keycloakStarter.get());
        kafka = track(EmbeddedKafka.start(ports.kafka(), workDir.resolve("kafka")));
        KizukiTopics.create(kafka.bootstrapServers(), PARTITIONS);
        if (restoreFrom != null) {
            restored = LedgerBackup.of(kafka.bootstrapServers()).restore(restoreFrom);
        }
        mail = track(MailServer.start(ports.smtp()));
        slack = track(SlackStandIn.start(ports.slack(), mail::messages));
        Path oncallFile = workDir.resolve("config/notify.yaml");
        if (!Files.exists(oncallFile)) {
            copy(projectRoot.resolve(ONCALL_SAMPLE), oncallFile);
        }
        keycloak.awaitReady();

        common = Map.of(
                "quarkus.profile",
                "local",
                "kafka.bootstrap.servers",
                kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url",
                keycloak.issuer(),
                "quarkus.http.cors.origins",
                String.join(",", consoleOrigins()));
        specific.put(
                "incident-service",
                instance -> Map.of(
                        "kafka-streams.state.dir",
                        workDir.resolve(instance + "/kafka-streams").toString()));
        specific.put(
                "notify-service",
                instance -> Map.ofEntries(
                        Map.entry("kizuki.notify.telephony.provider", telephony),
                        Map.entry(
                                "kizuki.notify.telephony.gateway.url",
                                "http://localhost:" + ports.slack() + "/gateway/messages"),
                        Map.entry("kizuki.notify.slack.webhook-url", slack.webhookUrl()),
                        Map.entry("kizuki.notify.slack.api-url", "http://localhost:" + ports.slack() + "/api/"),
                        Map.entry("kizuki.notify.ntfy.url", "http://localhost:" + ports.slack() + "/ntfy/"),
                        Map.entry(
                                "kizuki.notify.telephony.twilio.api-url",
                                "http://localhost:" + ports.slack() + "/twilio"),
                        Map.entry("kizuki.notify.console-url", "http://localhost:" + ports.reportService()),
                        Map.entry("kizuki.notify.oncall-file", oncallFile.toString()),
                        Map.entry(
                                "KIZUKI_SLACK_SHOP_INCIDENTS_URL",
                                "http://localhost:" + ports.slack() + SHOP_CHANNEL_PATH),
                        Map.entry("KIZUKI_OPS_PAGER_URL", "http://localhost:" + ports.slack() + OPS_PAGER_PATH),
                        Map.entry("KIZUKI_SMTP_PORT", Integer.toString(ports.smtp()))));
        specific.put(
                "report-service",
                instance -> Map.of(
                        "kizuki.console.incident-url",
                        "http://localhost:" + ports.incidentService(),
                        "kizuki.console.notify-url",
                        "http://localhost:" + ports.notifyService(),
                        "quarkus.datasource.reactive.url",
                        postgres.reactiveUrl(EmbeddedPostgresServer.REPORT_DATABASE),
                        "quarkus.datasource.username",
                        EmbeddedPostgresServer.USER,
                        "quarkus.datasource.password",
                        EmbeddedPostgresServer.PASSWORD));
        // one at a time, so that each starts as it would alone and a slow start is easy to pin on its service
        for (String service : SERVICES) {
            if (only.contains(service)) {
                launch(service, service, servicePorts().get(service));
            }
        }
    }

    private Map<String, Integer> servicePorts() {
        return Map.of(
                "incident-service",
                ports.incidentService(),
                "notify-service",
                ports.notifyService(),
                "report-service",
                ports.reportService());
    }

    /** Starts one instance of a service and waits until it is ready; {@link #start(String)} starts it again. */
    private void launch(String service, String instance, int port) {
        instancePorts.put(instance, port);
        starters.put(instance, () -> {
            ChildProcess process = track(service(
                    instance,
                    apps.get(service),
                    port,
                    workDir,
                    common,
                    specific.get(service).apply(instance),
                    passedOn,
                    aotTraining));
            awaitReady(process, port);
            return process;
        });
        services.put(instance, starters.get(instance).get());
    }

    /**
     * Starts a service that the stack was started without, on its port; or one more instance of it beside the ones
     * running, on a free port, with the same configuration (same broker, database, consumer groups;
     * incident-service with a state directory of its own). Returns the instance's name ({@code notify-service},
     * {@code incident-service-2} …) once it is ready.
     */
    public String startInstance(String service) {
        if (!specific.containsKey(service)) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        if (!instancePorts.containsKey(service)) {
            launch(service, service, servicePorts().get(service));
            return service;
        }
        int n = 2;
        while (instancePorts.containsKey(service + "-" + n)) {
            n++;
        }
        String instance = service + "-" + n;
        launch(service, instance, io.kizuki.embedded.Ports.unclaimed());
        return instance;
    }

    /** The base URL of an instance ({@code incident-service}, {@code incident-service-2} …). */
    public String url(String instance) {
        return "http://localhost:" + instancePorts.get(instance);
    }

    /** Kills an instance as {@code kill -9} would (no shutdown, nothing flushed); it stays down. */
    public void kill(String instance) {
        services.remove(instance).kill();
    }

    /** Stops an instance the way an orchestrator does (SIGTERM, then waits); it stays down. */
    public void stop(String instance) {
        services.remove(instance).close();
    }

    /**
     * Stops every service the way an orchestrator does, the last started first and one at a time, each given up to
     * {@code patience} to end by itself (a training run's JVM writes its cache as it ends); the ones that did.
     */
    List<String> stopServices(Duration patience) {
        List<String> instances;
        synchronized (services) {
            instances = new ArrayList<>(services.keySet());
        }
        Collections.reverse(instances);
        List<String> ended = new ArrayList<>();
        for (String instance : instances) {
            if (services.remove(instance).stop(patience)) {
                ended.add(instance);
            }
        }
        return ended;
    }

    /** Starts an instance that was stopped or killed again, on its port and state directory; returns once ready. */
    public void start(String instance) {
        services.put(instance, starters.get(instance).get());
    }

    /** Stops the Kafka broker, as an outage would; {@link #startKafka()} starts it again on its log. */
    public void stopKafka() {
        kafka.close();
    }

    /** Starts the Kafka broker again after {@link #stopKafka()}, on its port and log; returns once it answers. */
    public void startKafka() {
        kafka = track(EmbeddedKafka.start(ports.kafka(), workDir.resolve("kafka")));
    }

    /** Stops PostgreSQL, as an outage would (Keycloak's database goes with it); {@link #startPostgres()} restarts it. */
    public void stopPostgres() {
        postgres.close();
    }

    /** Starts PostgreSQL again after {@link #stopPostgres()}, on its port and data directory. */
    public void startPostgres() {
        postgres = track(EmbeddedPostgresServer.start(ports.postgres(), workDir.resolve("postgres")));
    }

    /** Stops Keycloak, as an outage would; {@link #startKeycloak()} starts it again on its database. */
    public void stopKeycloak() {
        keycloak.close();
    }

    /** Starts Keycloak again after {@link #stopKeycloak()} (its realm is in its database); returns once it is ready. */
    public void startKeycloak() {
        keycloak = track(keycloakStarter.get());
        keycloak.awaitReady();
    }

    /**
     * Kills a service as {@code kill -9} would (no shutdown, nothing flushed) and starts it again on the same port and
     * state directory; returns once it is ready. Its log goes on in the same file.
     */
    public void killAndRestart(String service) {
        kill(service);
        start(service);
    }

    /**
     * From now on, a service whose process ends is reported ({@code say}) and started again with a back-off
     * ({@link Supervisor}); {@code status} is rewritten with the parts and their process ids at each change (what
     * {@code deploy/local/status} reads). For {@code deploy/local/up}; a test that kills a service on purpose does not
     * want it.
     */
    public void supervise(Consumer<String> say, Path status) {
        supervisor = new Supervisor(message -> {
            say.accept(message);
            writeStatus(status);
        });
        services.forEach((name, process) -> supervisor.watch(name, process, () -> {
            ChildProcess started = starters.get(name).get();
            services.put(name, started);
            return started;
        }));
        writeStatus(status);
    }

    /** One line per part: name, process id (this JVM's for the in-process parts), port, and how to check it. */
    private void writeStatus(Path status) {
        long self = ProcessHandle.current().pid();
        List<String> lines = new ArrayList<>();
        lines.add("kafka " + self + " " + ports.kafka() + " tcp");
        lines.add("postgresql - " + ports.postgres() + " tcp");
        lines.add("keycloak " + keycloak.pid() + " " + ports.keycloak() + " " + keycloak.issuer()
                + "/.well-known/openid-configuration");
        lines.add("slack-stand-in " + self + " " + ports.slack() + " http://localhost:" + ports.slack() + "/messages");
        lines.add("smtp " + self + " " + ports.smtp() + " tcp");
        synchronized (services) {
            services.forEach((name, process) -> lines.add(
                    name + " " + process.pid() + " " + instancePorts.get(name) + " " + url(name) + "/q/health/ready"));
        }
        try {
            Files.write(status, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + status, e);
        }
    }

    private static ChildProcess service(
            String name,
            Path app,
            int port,
            Path workDir,
            Map<String, String> common,
            Map<String, String> specific,
            Map<String, String> passedOn,
            boolean aotTraining) {
        List<String> command = new ArrayList<>(List.of(
                ChildProcess.javaExecutable(),
                "-Xms64m",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port));
        aotOption(app, aotTraining).ifPresent(command::add);
        // KIZUKI_SERVICE_JAVA_OPTS: extra JVM options for every service, "{service}" standing for its name (e.g. to
        // record a profile: -XX:StartFlightRecording=filename=/tmp/{service}.jfr,settings=profile,dumponexit=true)
        String extra = System.getenv("KIZUKI_SERVICE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().replace("{service}", name).split("\\s+")));
        }
        common.forEach((key, value) -> command.add("-D" + key + "=" + value));
        specific.forEach((key, value) -> command.add("-D" + key + "=" + value));
        // a system property kizuki.services.<property> of this JVM when the stack started is <property> of every
        // service it starts, and kizuki.services.<service>.<property> of that service only (the system tests turn
        // tracing and the dead-man's switch on this way, to their own receivers)
        passedOn.forEach((key, value) ->
                servicePropertyName(name, key).ifPresent(property -> command.add("-D" + property + "=" + value)));
        command.add("-jar");
        command.add(app.toString());
        return ChildProcess.start(name, command, Map.of(), workDir, workDir.resolve("logs/" + name + ".log"));
    }

    /**
     * The property a pass-through names for this instance ({@code notify-service}, {@code notify-service-2}): its
     * service's own, one for every service, or none (another service's).
     */
    static Optional<String> servicePropertyName(String instance, String property) {
        for (String service : SERVICES) {
            if (property.startsWith(service + ".")) {
                return instance.equals(service) || instance.startsWith(service + "-")
                        ? Optional.of(property.substring(service.length() + 1))
                        : Optional.empty();
            }
        }
        return Optional.of(property);
    }

    /** A service's packaged jar in the checkout. */
    static Path app(Path projectRoot, String service) {
        return projectRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The JVM option about the service's ahead-of-time cache: record one into {@link #trainingCache} (a training run),
     * else use {@link #aotCache} if there is one.
     */
    static Optional<String> aotOption(Path app, boolean training) {
        return training
                ? Optional.of("-XX:AOTCacheOutput=" + trainingCache(app))
                : aotCache(app).map(cache -> "-XX:AOTCache=" + cache);
    }

    /** Where a training run's JVM writes the cache it recorded as it ends ({@link AotTraining} moves it in place). */
    static Path trainingCache(Path app) {
        return app.resolveSibling(AOT_CACHE + ".training");
    }

    /**
     * The service's ahead-of-time cache ({@code app.aot} beside its jar, written by a build with {@code -Daot} on JDK
     * 25 or later and then replaced by {@link AotTraining}'s: classes loaded and linked, and methods profiled, by a
     * training run), when this JVM can use it and it was made for this very jar (not older than it); a stale cache
     * would only be refused by the JVM with a warning.
     */
    static Optional<Path> aotCache(Path app) {
        Path cache = app.resolveSibling(AOT_CACHE);
        try {
            return Runtime.version().feature() >= 25
                            && Files.isRegularFile(cache)
                            && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(app)) >= 0
                    ? Optional.of(cache)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Which ahead-of-time cache the service starts with: the one {@link AotTraining} trained (marked after it, and no
     * build wrote another since), the build's, or none ({@link #aotCache}). A plain {@code mvn package} replaces the
     * jar and leaves none; a service then starts about twice as slowly.
     */
    public static StartCache startCache(Path root, String service) {
        return startCache(app(root, service));
    }

    static StartCache startCache(Path app) {
        Optional<Path> cache = aotCache(app);
        if (cache.isEmpty()) {
            return StartCache.NONE;
        }
        Path mark = app.resolveSibling(TRAINED_MARK);
        try {
            return Files.isRegularFile(mark)
                            && Files.getLastModifiedTime(mark).compareTo(Files.getLastModifiedTime(cache.get())) >= 0
                    ? StartCache.TRAINED
                    : StartCache.BUILD;
        } catch (IOException e) {
            return StartCache.BUILD;
        }
    }

    /** Each service's {@link #startCache}, in one line ({@code incident-service trained, …}). */
    public static String startCaches(Path root) {
        return SERVICES.stream()
                .map(service -> service + " " + startCache(root, service))
                .collect(Collectors.joining(", "));
    }

    private static void awaitReady(ChildProcess service, int port) {
        service.awaitHttpOk(URI.create("http://localhost:" + port + "/q/health/ready"), SERVICE_START);
    }

    public Ports ports() {
        return ports;
    }

    /** The process id of each service ({@code incident-service} …), in the order they were started. */
    public Map<String, Long> servicePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach((name, process) -> pids.put(name, process.pid()));
        return pids;
    }

    /** Where every part's log file is ({@code incident-service.log} …). */
    /**
     * The addresses the console is registered at (Keycloak's redirect and web origins, every service's CORS origins):
     * report-service's port through each loopback name a browser on this machine uses.
     */
    public List<String> consoleOrigins() {
        return List.of("http://localhost:" + ports.reportService(), "http://127.0.0.1:" + ports.reportService());
    }

    public Path logs() {
        return logs;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The reactive URL of report-service's database. */
    public String reportDatabaseUrl() {
        return postgres.reactiveUrl(EmbeddedPostgresServer.REPORT_DATABASE);
    }

    public EmbeddedKeycloak keycloak() {
        return keycloak;
    }

    public SlackStandIn slack() {
        return slack;
    }

    /** The SMTP server e-mail pages go to. */
    public MailServer mail() {
        return mail;
    }

    public String incidentUrl() {
        return "http://localhost:" + ports.incidentService();
    }

    public String reportUrl() {
        return "http://localhost:" + ports.reportService();
    }

    public String notifyUrl() {
        return "http://localhost:" + ports.notifyService();
    }

    /** Where Keycloak's distribution is unpacked once and reused: {@code $KIZUKI_HOME} or {@code ~/.kizuki}. */
    static Path cacheDir() {
        String home = System.getenv("KIZUKI_HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".kizuki") : Path.of(home);
    }

    private <T extends AutoCloseable> T track(T part) {
        parts.add(part);
        return part;
    }

    private static Path copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            return Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void recreate(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted((a, b) -> b.compareTo(a))
                            .forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    /** Stops every part, services first, in the reverse order of their start. */
    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close();
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + parts.get(i) + " failed: " + e.getMessage());
            }
        }
        parts.clear();
    }

    /**
     * {@code deploy/local/up}: starts the stack, prints where everything is, and runs until stopped (Ctrl-C or
     * {@code deploy/local/down}).
     * Arguments: {@code --root DIR} (the checkout), {@code --work DIR} (the data directory, kept across starts),
     * {@code --wipe true} (start clean), {@code --restore FILE} (a backup to restore into a new data directory),
     * {@code --ready-file FILE} (written once healthy).
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path root =
                Path.of(options.getOrDefault("--root", ".")).toAbsolutePath().normalize();
        Path work = Path.of(
                options.getOrDefault("--work", cacheDir().resolve("data").toString()));
        long started = System.nanoTime();
        LocalStack stack;
        try {
            stack = start(
                    root,
                    Ports.defaults(),
                    work,
                    Boolean.parseBoolean(options.getOrDefault("--wipe", "false")),
                    options.containsKey("--restore") ? Path.of(options.get("--restore")) : null,
                    SERVICES,
                    System.getenv().getOrDefault("KIZUKI_TELEPHONY_PROVIDER", "twilio"));
        } catch (RuntimeException e) {
            System.err.println("Kizuki could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping Kizuki…");
                            stack.close();
                            stopped.countDown();
                        },
                        "kizuki-stop"));
        if (stack.restored != null) {
            System.out.println("Restored from " + options.get("--restore") + ":\n" + stack.restored);
        }
        System.out.println(stack.summary(Duration.ofNanos(System.nanoTime() - started), work, root));
        stack.supervise(
                message -> System.out.println(LocalTime.now().withNano(0) + " " + message), work.resolve("status"));
        if (options.containsKey("--ready-file")) {
            Files.writeString(
                    Path.of(options.get("--ready-file")),
                    Long.toString(ProcessHandle.current().pid()));
        }
        stopped.await();
    }

    String summary(Duration took, Path work, Path root) {
        return """

                Kizuki is up (%d s).
                  incident-service  %s   (POST /api/v1/signals/alertmanager, /api/v1/incidents/{id}/acknowledge|resolve)
                  notify-service    %s
                  report-service    %s   (GET /api/v1/incidents)
                  OpenAPI           <service>/q/openapi, Swagger UI at <service>/q/swagger-ui
                  Slack stand-in    http://localhost:%d/messages (signed webhooks at /hooks, e-mails at /mails,
                                    answers to clicks at /responses); Slack app requests go to notify-service's
                                    /api/v1/chat/slack/interactions and /commands, signed with
                                    dev-only-slack-signing-secret; Mattermost posts at /mattermost/posts,
                                    Teams cards at /teams/posts; what the app posts with its bot token
                                    (xoxb-dev-only-local-bot-token) at /api/messages, its channels at /api/channels;
                                    ntfy pushes (token tk_devonlylocalntfytoken00000000) at /ntfy/messages;
                                    Twilio texts and calls (account AC00000000000000000000000000000001, number
                                    +15005550006) at /twilio/texts and /twilio/calls
                  SMTP server       localhost:%d (every mail is kept in memory)
                  On-call config    %s
                  Kafka             %s
                  PostgreSQL        localhost:%d (postgres/postgres, database %s)
                  Keycloak          %s (realm %s)
                  Data              %s (kept across restarts; --reset starts clean; deploy/local/backup FILE
                                    copies it while the stack is stopped)
                  Logs              %s
                  Start-up caches   %s
                Dev-only credentials (absent from the production realm and profile):
                  users             viewer, responder, admin (password = user name), product shop
                  token             curl -s -d grant_type=password -d client_id=kizuki-cli -d username=responder \\
                                      -d password=responder %s/protocol/openid-connect/token
                  integration       routing key %s (product shop), or client kizuki-integration-shop
                                    with secret dev-only-integration-shop-secret
                Try: curl -XPOST -H 'Content-Type: application/json' -H 'Authorization: Bearer %s' \\
                       --data @deploy/samples/alertmanager-firing.json %s/api/v1/signals/alertmanager
                """.formatted(
                        took.toSeconds(),
                        incidentUrl(),
                        notifyUrl(),
                        reportUrl(),
                        ports.slack(),
                        ports.smtp(),
                        work.resolve("config/notify.yaml"),
                        kafka.bootstrapServers(),
                        ports.postgres(),
                        EmbeddedPostgresServer.REPORT_DATABASE,
                        keycloak.url(),
                        EmbeddedKeycloak.REALM,
                        work,
                        work.resolve("logs"),
                        startCaches(root),
                        keycloak.issuer(),
                        DEV_ROUTING_KEY,
                        DEV_ROUTING_KEY,
                        incidentUrl());
    }
}
