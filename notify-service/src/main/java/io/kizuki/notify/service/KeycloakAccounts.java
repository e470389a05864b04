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
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A person's Kizuki user as Keycloak has it now: their effective realm roles and their products (the {@code product}
 * attribute of the user and of their groups, as the {@code products} claim of their own tokens). Read through
 * Keycloak's admin API with notify-service's service account, which holds {@code view-users} of
 * {@code realm-management} only: it reads users, it can change nothing. Remembered for a minute.
 */
@ApplicationScoped
public class KeycloakAccounts {

    /** A Kizuki user: {@code enabled} {@code false} acts on nothing. */
    public record Account(String username, boolean enabled, Set<String> roles, Set<String> products) {}

    /** Keycloak could not be asked (down, or the service account lacks {@code view-users}): not a decision. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private static final Duration REMEMBERED = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Known(Optional<Account> account, Instant until) {}

    private final String adminUrl;
    private final ServiceAccount serviceAccount;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public KeycloakAccounts(
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl, ServiceAccount serviceAccount) {
        this.adminUrl = realmUrl.replaceFirst("/realms/", "/admin/realms/");
        this.serviceAccount = serviceAccount;
    }

    /** The user, or empty when Keycloak has no user of that name. */
    public Optional<Account> account(String username) {
        Known remembered = known.get(username);
        if (remembered != null && remembered.until().isAfter(Instant.now())) {
            return remembered.account();
        }
        Optional<Account> account = lookUp(username);
        if (known.size() > 1_000) {
            known.clear();
        }
        known.put(username, new Known(account, Instant.now().plus(REMEMBERED)));
        return account;
    }

    private Optional<Account> lookUp(String username) {
        JsonNode users = get("/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8));
        JsonNode user = null;
        for (JsonNode candidate : users) {
            if (username.equalsIgnoreCase(candidate.path("username").asText())) {
                user = candidate;
            }
        }
        if (user == null) {
            return Optional.empty();
        }
        String id = user.path("id").asText();
        Set<String> roles = new HashSet<>();
        get("/users/" + id + "/role-mappings/realm/composite")
                .forEach(role -> roles.add(role.path("name").asText()));
        Set<String> products = new HashSet<>();
        user.path("attributes").path("product").forEach(product -> products.add(product.asText()));
        get("/users/" + id + "/groups?briefRepresentation=false")
                .forEach(group ->
                        group.path("attributes").path("product").forEach(product -> products.add(product.asText())));
        return Optional.of(
                new Account(user.path("username").asText(), user.path("enabled").asBoolean(false), roles, products));
    }

    private JsonNode get(String path) {
        String token = serviceAccount
                .bearer()
                .orElseThrow(() -> new Unavailable("notify-service has no service-account token"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", token)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new Unavailable("Keycloak answered " + response.statusCode() + " to a user lookup");
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unavailable("Keycloak could not be asked: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking Keycloak");
        }
    }
}
