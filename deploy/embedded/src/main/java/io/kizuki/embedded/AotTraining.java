package io.kizuki.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Each service's JDK ahead-of-time cache from a training run of the whole stack ({@code deploy/local/build}, which
 * {@code deploy/local/up} and {@code deploy/bench/run} build with). The build's own cache ({@code -Daot}) comes from a
 * run that ends with Quarkus' static initialisation; this one starts the stack on free ports and a temporary data
 * directory with every service recording, takes one alert through it (accepted, paged, read, acknowledged, resolved),
 * stops the services one at a time so that each JVM writes its cache as it ends, and puts those caches in place of the
 * build's. What a service then loads and links while it connects to Kafka, PostgreSQL and Keycloak, and the methods
 * its first requests run, come from the cache too.
 */
public final class AotTraining {

    /** How long a stopping service may take to write its cache (the JVM assembles it as it ends). */
    private static final Duration STOP_PATIENCE = Duration.ofMinutes(3);
    /** How long each step of the alert's way may take. */
    private static final Duration STEP = Duration.ofMinutes(2);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AotTraining() {}

    /**
     * Arguments: {@code --root DIR} (the checkout, its services packaged). Exits 1 if the training failed; the
     * services then keep the caches they had.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length == 2 && args[0].equals("--root") ? args[1] : ".")
                .toAbsolutePath()
                .normalize();
        if (Runtime.version().feature() < 25) {
            System.out.println("No ahead-of-time cache trained: it needs JDK 25 or later, not " + Runtime.version());
            return;
        }
        long began = System.nanoTime();
        Path work = Files.createTempDirectory("kizuki-aot-training");
        List<String> ended;
        try (LocalStack stack = LocalStack.startTraining(root, LocalStack.Ports.random(), work)) {
            exercise(stack, root);
            ended = stack.stopServices(STOP_PATIENCE);
        } catch (RuntimeException e) {
            // what the stopped services wrote is dropped: the services keep the caches they had
            LocalStack.SERVICES.forEach(service -> install(LocalStack.app(root, service), false));
            System.err.println(
                    "The training run failed (its logs are in " + work.resolve("logs") + "): " + e.getMessage());
            System.exit(1);
            return;
        }
        List<String> installed = new ArrayList<>();
        for (String service : LocalStack.SERVICES) {
            if (install(LocalStack.app(root, service), ended.contains(service))) {
                installed.add(service);
            }
        }
        delete(work);
        System.out.printf(
                "Ahead-of-time caches trained on the whole stack in %d s: %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began),
                installed.isEmpty() ? "none written" : String.join(", ", installed));
        if (installed.size() < LocalStack.SERVICES.size()) {
            System.exit(1);
        }
    }

    /**
     * Puts the cache a training run of the service wrote in place of the one beside its jar; only if the service
     * ended by itself (a JVM killed while it writes leaves a cache that is not whole), and marks it trained
     * ({@link LocalStack#startCache}). Whether it did.
     */
    static boolean install(Path app, boolean endedByItself) {
        Path trained = LocalStack.trainingCache(app);
        try {
            if (!endedByItself || !Files.isRegularFile(trained) || Files.size(trained) == 0) {
                Files.deleteIfExists(trained);
                return false;
            }
            Files.move(
                    trained,
                    app.resolveSibling(LocalStack.AOT_CACHE),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(app.resolveSibling(LocalStack.TRAINED_MARK), "");
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put " + trained + " in place", e);
        }
    }

    /** One alert of the sample through every service: accepted, paged, read, acknowledged, then resolved. */
    private static void exercise(LocalStack stack, Path root) {
        String routingKey = "Bearer " + LocalStack.DEV_ROUTING_KEY;
        String signals = stack.incidentUrl() + "/api/v1/signals/alertmanager";
        expect(send(signals, routingKey, sample(root, "alertmanager-firing.json")), 202);
        await("a page at the Slack stand-in", () -> stack.slack().messages().isEmpty() ? null : true);
        String token = "Bearer " + token(stack.keycloak().issuer());
        JsonNode incident = await("the incident in report-service", () -> incident(stack, token, "TRIGGERED"));
        String id = incident.path("id").asText();
        // 202: accepted, not decided yet; report-service shows when it is
        expect(send(stack.incidentUrl() + "/api/v1/incidents/" + id + "/acknowledge", token, ""), 200, 202);
        await("the acknowledgement in report-service", () -> incident(stack, token, "ACKNOWLEDGED"));
        expect(send(signals, routingKey, sample(root, "alertmanager-resolved.json")), 202);
        await("the resolution in report-service", () -> incident(stack, token, "RESOLVED"));
    }

    private static JsonNode incident(LocalStack stack, String token, String status) {
        HttpResponse<String> answer = get(stack.reportUrl() + "/api/v1/incidents", token);
        if (answer.statusCode() != 200) {
            return null;
        }
        for (JsonNode incident : read(answer.body())) {
            if (incident.path("status").asText().equals(status)) {
                return incident;
            }
        }
        return null;
    }

    private static String sample(Path root, String name) {
        try {
            return Files.readString(root.resolve("deploy/samples").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An access token of the dev user {@code admin} (password grant through the dev CLI client). */
    private static String token(String issuer) {
        String form = Map.of(
                        "grant_type", "password", "client_id", "kizuki-cli", "username", "admin", "password", "admin")
                .entrySet()
                .stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = call(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        expect(answer, 200);
        return read(answer.body()).path("access_token").asText();
    }

    private static HttpResponse<String> send(String url, String authorization, String json) {
        return call(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> get(String url, String authorization) {
        return call(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization)
                .GET());
    }

    private static HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> answer, Integer... statuses) {
        if (!List.of(statuses).contains(answer.statusCode())) {
            throw new IllegalStateException(answer.request().method() + " " + answer.uri() + " answered "
                    + answer.statusCode() + " instead of " + List.of(statuses) + ": " + answer.body());
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks until the answer is there (not null); fails after {@link #STEP}. */
    private static <T> T await(String what, Supplier<T> answer) {
        Instant deadline = Instant.now().plus(STEP);
        while (Instant.now().isBefore(deadline)) {
            T value = answer.get();
            if (value != null) {
                return value;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException("no " + what + " within " + STEP.toSeconds() + " s");
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
