package io.kizuki.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.embedded.ChildProcess;
import io.kizuki.embedded.LocalStack;

/**
 * The stack {@code deploy/local/up} runs, started the way it starts it: {@code LocalStack} in a JVM of its own with
 * the options of {@code deploy/local/stack.jvm} (the Kafka broker, PostgreSQL, Keycloak, the Slack stand-in and the
 * SMTP server beside it, the services as its child processes), on free ports and a fresh data directory. The load
 * generators stay in the harness's JVM, so they take nothing from the broker's heap.
 */
final class StackProcess implements BenchStack, AutoCloseable {

    /** The JVM options of the process that runs the stack: the one file deploy/local/up reads as well. */
    static final String JVM_OPTIONS = "deploy/local/stack.jvm";

    private static final Duration START = Duration.ofMinutes(6);

    private final ChildProcess process;
    private final LocalStack.Ports ports;
    private final Path work;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<ObjectNode> messages = new ArrayList<>();

    private StackProcess(ChildProcess process, LocalStack.Ports ports, Path work) {
        this.process = process;
        this.ports = ports;
        this.work = work;
    }

    /** Starts the stack with a fresh data directory {@code work}; returns once every part is ready. */
    static StackProcess start(Path root, Path work) {
        LocalStack.Ports ports = LocalStack.Ports.random();
        Path ready = work.resolveSibling(work.getFileName() + ".ready");
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(ready);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String classpath = System.getProperty("java.class.path");
        List<String> command = List.of(
                ChildProcess.javaExecutable(),
                "@" + root.resolve(JVM_OPTIONS),
                "-cp",
                classpath,
                LocalStack.class.getName(),
                "--root",
                root.toString(),
                "--work",
                work.toString(),
                "--wipe",
                "true",
                "--ready-file",
                ready.toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KIZUKI_KAFKA_PORT", Integer.toString(ports.kafka()));
        env.put("KIZUKI_POSTGRES_PORT", Integer.toString(ports.postgres()));
        env.put("KIZUKI_KEYCLOAK_PORT", Integer.toString(ports.keycloak()));
        env.put("KIZUKI_SLACK_PORT", Integer.toString(ports.slack()));
        env.put("KIZUKI_SMTP_PORT", Integer.toString(ports.smtp()));
        env.put("KIZUKI_INCIDENT_PORT", Integer.toString(ports.incidentService()));
        env.put("KIZUKI_NOTIFY_PORT", Integer.toString(ports.notifyService()));
        env.put("KIZUKI_REPORT_PORT", Integer.toString(ports.reportService()));
        ChildProcess process =
                ChildProcess.start("the stack", command, env, work.getParent(), work.resolveSibling("stack.log"));
        long deadline = System.nanoTime() + START.toNanos();
        while (!Files.exists(ready)) {
            if (!process.alive() || System.nanoTime() > deadline) {
                process.close();
                throw new IllegalStateException("the stack did not start: see " + work.resolveSibling("stack.log"));
            }
            Tools.pause(Duration.ofMillis(500));
        }
        return new StackProcess(process, ports, work);
    }

    @Override
    public String incidentUrl() {
        return "http://localhost:" + ports.incidentService();
    }

    @Override
    public String reportUrl() {
        return "http://localhost:" + ports.reportService();
    }

    @Override
    public String notifyUrl() {
        return "http://localhost:" + ports.notifyService();
    }

    @Override
    public String kafkaBootstrapServers() {
        return "localhost:" + ports.kafka();
    }

    @Override
    public String keycloakIssuer() {
        return "http://localhost:" + ports.keycloak() + "/realms/kizuki";
    }

    /** Reads only what the stand-in received since the last call ({@code GET /messages?from=N}). */
    @Override
    public synchronized List<ObjectNode> slackMessages() {
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + ports.slack() + "/messages?from=" + messages.size()))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the Slack stand-in answered " + response.statusCode());
            }
            messages.addAll(mapper.readValue(response.body(), new TypeReference<List<ObjectNode>>() {}));
            return List.copyOf(messages);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Slack stand-in's messages", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * From the status file the stack writes for deploy/local/status: {@code name pid port check} per part (a line
     * read while the stack rewrites the file may be missing or cut short: such a service is left out).
     */
    @Override
    public Map<String, Long> servicePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(work.resolve("status"))) {
                String[] fields = line.split(" ");
                if (fields.length == 4 && LocalStack.SERVICES.contains(fields[0]) && fields[1].matches("[0-9]+")) {
                    pids.put(fields[0], Long.parseLong(fields[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    @Override
    public Path logs() {
        return work.resolve("logs");
    }

    /**
     * {@code kill -9}; the stack's supervisor starts it again (after its 0.2 s back-off). Ready is the first 200 of its
     * {@code /q/health/ready} once the killed process is gone (nothing else answers on its port), polled every 20 ms:
     * while its port is closed by opening a socket to it (an HTTP client's attempt costs the harness ten times the CPU,
     * about a tenth of a core at this pace, taken from the starting service on a small machine), then over HTTP; the
     * new process is the one the status file names once the supervisor saw it ready.
     */
    @Override
    public Restart killAndRestart(String service) {
        Long pid = servicePids().get(service);
        if (pid == null) {
            throw new IllegalStateException("the stack's status names no " + service + " process");
        }
        String url = Map.of(
                        "incident-service", incidentUrl(),
                        "notify-service", notifyUrl(),
                        "report-service", reportUrl())
                .get(service);
        long deadline = System.nanoTime() + START.toNanos();
        long killed = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(killedProcess -> {
            killedProcess.destroyForcibly();
            while (killedProcess.isAlive()) {
                await(deadline, service + " did not end after kill -9");
            }
        });
        int port = URI.create(url).getPort();
        while (!accepting(port) || !ready(url)) {
            await(deadline, service + " was not ready again within " + START);
        }
        long readyAt = System.nanoTime();
        Long started = servicePids().get(service);
        while (started == null || started.equals(pid)) {
            await(deadline, "the stack's status did not name " + service + "'s new process within " + START);
            started = servicePids().get(service);
        }
        Duration sinceReady = Duration.ofNanos(System.nanoTime() - readyAt);
        return new Restart(
                Duration.ofNanos(readyAt - killed), Tools.processAge(started).minus(sinceReady));
    }

    private static void await(long deadline, String failure) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(failure);
        }
        Tools.pause(Duration.ofMillis(20));
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean ready(String url) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
