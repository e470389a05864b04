package io.kizuki.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A service's own Keycloak service account: its access token (client-credentials grant at the realm's token
 * endpoint), fetched again a minute before it expires. notify-service and report-service send it with the commands
 * only they may send; incident-service verifies it and records the client as the commands' actor.
 */
public class ServiceAccountToken {

    private static final Logger LOG = Logger.getLogger(ServiceAccountToken.class);
    private static final Duration EARLY = Duration.ofSeconds(60);
    /**
     * A token is not handed out closer than this (or a quarter of its life) to its expiry: it must still be valid where
     * it is checked.
     */
    static final Duration MARGIN = Duration.ofSeconds(15);

    private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);
    private static final Duration LAST_BACK_OFF = Duration.ofSeconds(30);

    /** Made at the first request (on the thread that first asks for a token), not while the service starts. */
    private HttpClient http;

    private final ObjectMapper mapper = new ObjectMapper();
    private final URI tokenUrl;
    private final String clientId;
    private final Optional<String> secret;
    private final Clock clock;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;
    private volatile Instant usableUntil = Instant.MIN;
    private volatile Instant nextAttempt = Instant.MIN;
    /** Since when every attempt to get a token failed; {@code null} while the last one succeeded. */
    private volatile Instant failingSince;

    private Counter failures;
    private Duration backOff = FIRST_BACK_OFF;

    /**
     * @param realmUrl the realm's URL ({@code quarkus.oidc.auth-server-url})
     * @param secret   the client's secret; without one there is no token (and the service's commands are refused)
     */
    public ServiceAccountToken(String realmUrl, String clientId, Optional<String> secret) {
        this(realmUrl, clientId, secret, Clock.systemUTC());
    }

    ServiceAccountToken(String realmUrl, String clientId, Optional<String> secret, Clock clock) {
        this.tokenUrl = URI.create(realmUrl.replaceAll("/+$", "") + "/protocol/openid-connect/token");
        this.clientId = clientId;
        this.secret = secret;
        this.clock = clock;
    }

    /**
     * Exports, for the client, {@code kizuki_service_account_token_failures_total} (attempts Keycloak refused or did
     * not answer) and {@code kizuki_service_account_token_failing_seconds} (how long every attempt has failed; 0 once
     * one succeeds): Kizuki's rules alert when a service cannot renew its token.
     */
    public ServiceAccountToken bindTo(MeterRegistry meters) {
        failures = Counter.builder("kizuki.service.account.token.failures")
                .description("service-account token requests Keycloak refused or did not answer")
                .tag("client", clientId)
                .register(meters);
        Gauge.builder("kizuki.service.account.token.failing", this, ServiceAccountToken::failingSeconds)
                .description("seconds since every service-account token request has failed; 0 while the last succeeded")
                .tag("client", clientId)
                .baseUnit("seconds")
                .register(meters);
        return this;
    }

    double failingSeconds() {
        Instant since = failingSince;
        return since == null ? 0 : Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }

    /** The actor the service's commands are recorded as (incident-service takes it from the token). */
    public String actor() {
        return "client:" + clientId;
    }

    /**
     * {@code Bearer <token>}, or empty without a secret or while no valid token can be had (Keycloak unreachable or
     * refusing): an expired token is never handed out, so a command is held rather than sent to be refused.
     */
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
        Instant now = clock.instant();
        if ((token == null || now.isAfter(renewAt)) && !now.isBefore(nextAttempt)) {
            renew();
        }
        return clock.instant().isBefore(usableUntil) ? Optional.ofNullable(token) : Optional.empty();
    }

    private synchronized void renew() {
        Instant now = clock.instant();
        if ((token != null && now.isBefore(renewAt)) || now.isBefore(nextAttempt)) {
            return;
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret.orElseThrow(), StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.errorf("Keycloak refused the service account %s (%d)", clientId, response.statusCode());
                failed();
                return;
            }
            JsonNode body = mapper.readTree(response.body());
            long lifetime = body.path("expires_in").asLong(60);
            String issued = body.path("access_token").asText("");
            if (issued.isEmpty()) {
                LOG.errorf("Keycloak gave the service account %s no access token", clientId);
                failed();
                return;
            }
            Instant received = clock.instant();
            token = issued;
            // never used within MARGIN (at most a quarter of its life) of its expiry; renewed before that
            usableUntil = received.plusSeconds(lifetime - Math.min(MARGIN.toSeconds(), lifetime / 4));
            Instant renew = received.plusSeconds(Math.max(lifetime / 2, lifetime - EARLY.toSeconds()));
            renewAt = renew.isBefore(usableUntil) ? renew : received.plusSeconds(lifetime / 2);
            nextAttempt = Instant.MIN;
            failingSince = null;
            backOff = FIRST_BACK_OFF;
        } catch (IOException e) {
            LOG.errorf("cannot reach Keycloak for the service-account token of %s: %s", clientId, e.getMessage());
            failed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks again after a back-off (1 s doubling to 30 s), not on every command. */
    private void failed() {
        if (failingSince == null) {
            failingSince = clock.instant();
        }
        if (failures != null) {
            failures.increment();
        }
        nextAttempt = clock.instant().plus(backOff);
        backOff = backOff.multipliedBy(2).compareTo(LAST_BACK_OFF) > 0 ? LAST_BACK_OFF : backOff.multipliedBy(2);
    }
}
