package io.kizuki.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * After an import is applied: a Kizuki integration (and its routing key) for each of the source's senders that a
 * Kizuki endpoint reads, named after the source, its service and integration, so that a second run finds it and makes
 * none. Each new key is printed once, beside where the sender must now send.
 */
final class SenderIntegrations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI incident;
    private final String token;

    SenderIntegrations(HttpClient http, URI incident, String token) {
        this.http = http;
        this.incident = incident;
        this.token = token;
    }

    /** The integration's name: the source, then the service (or product) and the integration, as Kizuki allows. */
    static String name(String source, JsonNode sender) {
        String of = sender.path("service").isTextual()
                ? sender.path("service").asText()
                : sender.path("product").asText("");
        String name = (source + "-" + of + "-" + sender.path("integration").asText(""))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("-+", "-");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /**
     * Makes the integrations the senders need that do not exist yet.
     *
     * @param fallbackProduct the product of a sender the source gives none (null: such senders are only listed)
     * @return whether every sender Kizuki reads has its integration
     */
    boolean make(String source, JsonNode senders, String fallbackProduct, PrintStream out)
            throws IOException, InterruptedException {
        Set<String> existing = new HashSet<>();
        HttpResponse<String> list = send(
                HttpRequest.newBuilder(incident.resolve("/api/v1/integrations")).GET());
        if (list.statusCode() != 200) {
            throw new IOException("incident-service answered " + list.statusCode() + " to GET /api/v1/integrations");
        }
        JSON.readTree(list.body())
                .forEach(integration -> existing.add(integration.path("name").asText()));
        boolean all = true;
        boolean first = true;
        for (JsonNode sender : senders) {
            if (sender.path("format").isNull()) {
                continue;
            }
            if (first) {
                out.println("Integrations (a routing key for each sender; a new key is shown this once):");
                first = false;
            }
            String name = name(source, sender);
            String product =
                    sender.path("product").isTextual() ? sender.path("product").asText() : fallbackProduct;
            String endpoint = incident.resolve(sender.path("format").asText().split(" ")[0])
                    .toString();
            if (existing.contains(name)) {
                out.println("  = " + name + " exists: its sender keeps the key it was given (or rotate it)");
            } else if (product == null) {
                out.println("  ? " + name + ": the source gives it no product; run again with --product");
                all = false;
            } else {
                HttpResponse<String> made = send(HttpRequest.newBuilder(incident.resolve("/api/v1/integrations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                                .put("name", name)
                                .put("product", product)
                                .toString())));
                JsonNode answer = JSON.readTree(made.body());
                if (made.statusCode() != 201) {
                    out.println("  ! " + name + ": " + made.statusCode() + " "
                            + answer.path("detail").asText());
                    all = false;
                } else {
                    out.println("  + " + name + " (product " + product + "): point "
                            + sender.path("integration").asText() + " at " + endpoint + " with the routing key "
                            + answer.path("routingKey").asText());
                }
            }
        }
        return all;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
