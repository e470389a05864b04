package io.kizuki.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kizuki.embedded.ChildProcess;
import io.kizuki.embedded.Ports;

/**
 * A real Prometheus Alertmanager (Debian package {@code prometheus-alertmanager}, 0.25) on a free loopback port: the
 * baseline Kizuki is compared with. Alerts labelled {@code peer="yes"} go, each a group of its own and with no
 * {@code group_wait}, to a webhook receiver in this JVM that notes when each arrived ({@link #notified}): the same-run
 * peer of Kizuki's alert → notification. Every other alert goes to a receiver that sends nothing (the ingestion
 * baseline).
 */
final class Alertmanager implements AutoCloseable {

    static final String BINARY = "prometheus-alertmanager";

    /** The label that routes an alert to the webhook receiver. */
    static final String PEER_LABEL = "peer";

    private final ChildProcess process;
    private final int port;
    private final HttpServer receiver;
    private final Map<String, Instant> notified = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();

    private Alertmanager(ChildProcess process, int port, HttpServer receiver) {
        this.process = process;
        this.port = port;
        this.receiver = receiver;
        receiver.createContext("/alerts", this::receive);
    }

    static Alertmanager start(Path workDir) {
        int port = Ports.free();
        HttpServer receiver;
        try {
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            receiver.setExecutor(Executors.newFixedThreadPool(4));
            Path dir = Files.createDirectories(workDir.resolve("alertmanager"));
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(
                    config, """
                    route:
                      receiver: nowhere
                      routes:
                        - receiver: peer
                          matchers: ['%s="yes"']
                          group_by: ['...']
                          group_wait: 0s
                          group_interval: 1m
                          repeat_interval: 1h
                    receivers:
                      - name: nowhere
                      - name: peer
                        webhook_configs:
                          - url: http://127.0.0.1:%d/alerts
                            send_resolved: false
                    """.formatted(PEER_LABEL, receiver.getAddress().getPort()));
            var process = ChildProcess.start(
                    "Alertmanager",
                    List.of(
                            BINARY,
                            "--config.file=" + config,
                            "--storage.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--cluster.listen-address=",
                            "--log.level=warn"),
                    Map.of(),
                    dir,
                    dir.resolve("alertmanager.log"));
            var alertmanager = new Alertmanager(process, port, receiver);
            receiver.start();
            process.awaitHttpOk(URI.create(alertmanager.url() + "/-/ready"), Duration.ofSeconds(30));
            return alertmanager;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Alertmanager", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** When the webhook receiver got each peer alert, by {@code alertname}. */
    Map<String, Instant> notified() {
        return Map.copyOf(notified);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant now = Instant.now();
            JsonNode body = mapper.readTree(exchange.getRequestBody());
            for (JsonNode alert : body.path("alerts")) {
                notified.putIfAbsent(alert.path("labels").path("alertname").asText(), now);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        process.close();
        receiver.stop(0);
    }
}
