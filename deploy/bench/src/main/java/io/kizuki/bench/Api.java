package io.kizuki.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;

/**
 * The few API calls the harness makes outside the load: tokens from Keycloak, its own integration, the escalation
 * policies.
 */
final class Api {

    static final ObjectMapper JSON = WireCodec.newMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BenchStack stack;

    Api(BenchStack stack) {
        this.stack = stack;
    }

    /** An access token of a dev user (password grant through the dev CLI client). */
    String token(String user) {
        String form = Map.of("grant_type", "password", "client_id", "kizuki-cli", "username", user, "password", user)
                .entrySet()
                .stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        JsonNode answer = send(
                HttpRequest.newBuilder(URI.create(stack.keycloakIssuer() + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                200);
        return answer.get("access_token").asText();
    }

    /** Creates an integration of product {@code shop} with a rate limit that fits the load; returns its key. */
    String createIntegration(String name, double perSecond, double burst) {
        String body = json(
                Map.of("name", name, "product", "shop", "rateLimit", Map.of("perSecond", perSecond, "burst", burst)));
        JsonNode created = send(
                HttpRequest.newBuilder(URI.create(stack.incidentUrl() + "/api/v1/integrations"))
                        .header("Authorization", "Bearer " + token("admin"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                201);
        return created.get("routingKey").asText();
    }

    /** Posts a JSON body with a bearer token; returns the status. */
    int post(String url, String bearer, String body) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Bearer " + bearer)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs JSON with a bearer token; throws unless 200. */
    JsonNode get(String url, String bearer) {
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearer)
                        .GET()
                        .build(),
                200);
    }

    /** POSTs a JSON body with a bearer token and returns the answer; throws unless it has the expected status. */
    JsonNode post(String url, String bearer, String body, int expected) {
        return post(url, bearer, "application/json", body, expected);
    }

    /** POSTs a body of a type with a bearer token and returns the JSON answer; throws unless the status is expected. */
    JsonNode post(String url, String bearer, String contentType, String body, int expected) {
        return send("POST", url, bearer, contentType, body, expected);
    }

    /** PUTs a body of a type with a bearer token and returns the JSON answer; throws unless the status is expected. */
    JsonNode put(String url, String bearer, String contentType, String body, int expected) {
        return send("PUT", url, bearer, contentType, body, expected);
    }

    /** GETs a text with a bearer token; throws unless 200. */
    String text(String url, String bearer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer)
                .GET()
                .build();
        return answer(request, 200).body();
    }

    private static JsonNode send(
            String method, String url, String bearer, String contentType, String body, int expected) {
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", contentType)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expected);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode send(HttpRequest request, int expected) {
        try {
            return JSON.readTree(answer(request, expected).body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " answered no JSON", e);
        }
    }

    private static HttpResponse<String> answer(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
