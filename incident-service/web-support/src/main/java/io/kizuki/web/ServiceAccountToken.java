package io.kizuki.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A service's own Keycloak service account: its access token (client-credentials grant at the realm's token
 * endpoint), fetched again a minute before it expires. notify-service and report-service send it with the commands
 * only they may send; incident-service verifies it and records the client as the commands' actor.
 */
public class ServiceAccountToken {

    private static final Logger LOG = Logger.getLogger(ServiceAccountToken.class);
    private static final Duration EARLY = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final URI tokenUrl;
    private final String clientId;
    private final Optional<String> secret;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;

    /**
     * @param realmUrl the realm's URL ({@code quarkus.oidc.auth-server-url})
     * @param secret   the client's secret; without one there is no token (and the service's commands are refused)
     */
    public ServiceAccountToken(String realmUrl, String clientId, Optional<String> secret) {
        this.tokenUrl = URI.create(realmUrl.replaceAll("/+$", "") + "/protocol/openid-connect/token");
        this.clientId = clientId;
        this.secret = secret;
    }

    /** The actor the service's commands are recorded as (incident-service takes it from the token). */
    public String actor() {
        return "client:" + clientId;
    }

    /** {@code Bearer <token>}, or empty without a secret or when Keycloak gives none. */
    public Optional<String> bearer() {
        return current().map(value -> "Bearer " + value);
    }

    /** Whether a token could be had: a service that sends commands is not ready without one. */
    public boolean ready() {
        return current().isPresent();
    }

    private Optional<String> current() {
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (token == null || Instant.now().isAfter(renewAt)) {
            renew();
        }
        return Optional.ofNullable(token);
    }

    private synchronized void renew() {
        if (token != null && Instant.now().isBefore(renewAt)) {
            return;
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret.orElseThrow(), StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.errorf("Keycloak refused the service account %s (%d): %s", clientId, response.statusCode(),
                        response.body());
                return;
            }
            JsonNode body = mapper.readTree(response.body());
            long lifetime = body.path("expires_in").asLong(60);
            token = body.path("access_token").asText();
            renewAt = Instant.now().plusSeconds(Math.max(lifetime / 2, lifetime - EARLY.toSeconds()));
        } catch (IOException e) {
            LOG.errorf("cannot reach Keycloak for the service-account token of %s: %s", clientId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
