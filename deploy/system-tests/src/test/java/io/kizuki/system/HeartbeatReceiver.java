package io.kizuki.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A dead-man's-switch receiver in the test JVM, as a healthchecks-style service is to Kizuki: it takes a ping on
 * {@value #PATH} (answers 200, as healthchecks.io does; 404 elsewhere, 405 to a method it does not take) and keeps each
 * with the canary it stands for.
 */
final class HeartbeatReceiver implements AutoCloseable {

    static final String PATH = "/ping/kizuki";

    /** A ping as received: the canary named in the header and the body, and when the canary was sent. */
    record Ping(String method, String canaryHeader, String canaryId, Instant sentAt, Instant receivedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Ping> pings = new ArrayList<>();

    private HeartbeatReceiver(HttpServer server) {
        this.server = server;
    }

    static HeartbeatReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            HeartbeatReceiver receiver = new HeartbeatReceiver(server);
            server.createContext("/", receiver::ping);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the heartbeat receiver", e);
        }
    }

    /** The URL notify-service is given. */
    String url() {
        return "http://localhost:" + server.getAddress().getPort() + PATH;
    }

    synchronized List<Ping> pings() {
        return List.copyOf(pings);
    }

    private void ping(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!List.of("POST", "PUT", "GET", "HEAD").contains(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            var ping = new Ping(
                    exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Kizuki-Canary"),
                    json.path("canaryId").asText(null),
                    json.hasNonNull("sentAt") ? Instant.parse(json.get("sentAt").asText()) : null,
                    Instant.now());
            synchronized (this) {
                pings.add(ping);
            }
            byte[] ok = "OK".getBytes();
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
