package io.kizuki.notify.service;

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

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.notify.config.NotifyConfig;

/**
 * notify-service's own Keycloak service account (client {@code kizuki-notify-service}, realm role {@code notifier}
 * only): its access token (client-credentials grant) goes with every command in {@link CommandAuthorization#HEADER},
 * and incident-service records the client as the commands' actor. The token is fetched again a minute before it
 * expires.
 */
@ApplicationScoped
public class ServiceAccount {

    private static final Logger LOG = Logger.getLogger(ServiceAccount.class);
    private static final Duration EARLY = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final URI tokenUrl;
    private final String clientId;
    private final Optional<String> secret;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;

    public ServiceAccount(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl,
            NotifyConfig config) {
        this.tokenUrl = URI.create(realmUrl.replaceAll("/+$", "") + "/protocol/openid-connect/token");
        this.clientId = config.serviceAccount().clientId();
        this.secret = config.serviceAccount().clientSecret();
    }

    /** The actor notify-service's commands are recorded as (incident-service takes it from the token). */
    public String actor() {
        return "client:" + clientId;
    }

    /** Adds the bearer token to a command's headers; without a secret or a token, nothing (the command is refused). */
    public void sign(Headers headers) {
        current().ifPresent(value -> headers.add(CommandAuthorization.HEADER,
                ("Bearer " + value).getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether a token could be had: notify-service is not ready without one. */
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
                LOG.errorf("Keycloak refused notify-service's service account %s (%d): %s", clientId,
                        response.statusCode(), response.body());
                return;
            }
            JsonNode body = mapper.readTree(response.body());
            long lifetime = body.path("expires_in").asLong(60);
            token = body.path("access_token").asText();
            renewAt = Instant.now().plusSeconds(Math.max(lifetime / 2, lifetime - EARLY.toSeconds()));
        } catch (IOException e) {
            LOG.errorf("cannot reach Keycloak for notify-service's service-account token: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
