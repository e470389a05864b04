package io.kizuki.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.kizuki.embedded.EmbeddedKeycloak;
import io.kizuki.embedded.LocalStack;
import io.restassured.http.ContentType;

/** Real tokens from the stack's Keycloak, and fixtures set up through its admin API. */
final class Keycloak {

    static final String CLI = "kizuki-cli";
    private static final Map<String, Token> CACHE = new ConcurrentHashMap<>();

    private record Token(String value, Instant fetched) {}

    private Keycloak() {}

    /** An access token of a user of the kizuki realm (password grant through the dev CLI client). */
    static String user(String username, String password) {
        return cached(
                "user:" + username,
                () -> token(
                        SharedStack.get().keycloak().issuer(),
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                CLI,
                                "username",
                                username,
                                "password",
                                password)));
    }

    /** A dev user's token from a stack of a test's own (user name = password), not cached. */
    static String devUser(LocalStack stack, String username) {
        return token(stack.keycloak().issuer(), devUserGrant(username));
    }

    /** The token request of a local realm's user (whose password is the user name) through the command-line client. */
    static Map<String, String> devUserGrant(String username) {
        return Map.of("grant_type", "password", "client_id", CLI, "username", username, "password", username);
    }

    /** An access token of a confidential client (client-credentials grant). */
    static String client(String clientId, String secret) {
        return cached(
                "client:" + clientId,
                () -> token(
                        SharedStack.get().keycloak().issuer(),
                        Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)));
    }

    /** A token issued and signed by another realm (Keycloak's master realm). */
    static String otherRealm() {
        return masterAdmin();
    }

    /**
     * A token from the realm's token endpoint; a server error is asked again, as a client would.
     */
    static String token(String issuer, Map<String, String> form) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> given().contentType(ContentType.URLENC)
                                .formParams(form)
                                .post(issuer + "/protocol/openid-connect/token"),
                        response -> response.statusCode() < 500)
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** Creates (once) a group of a product and a user in it with a realm role. */
    static String userOfProduct(String username, String role, String product) {
        String admin = masterAdmin();
        String realm = adminUrl();
        String group = "product-" + product;
        int groupStatus = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", group, "attributes", Map.of("product", List.of(product))))
                .post(realm + "/groups")
                .then()
                .extract()
                .statusCode();
        assertCreatedOrExists(groupStatus, group);
        int userStatus = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username",
                        username,
                        "enabled",
                        true,
                        "email",
                        username + "@kizuki.test",
                        "emailVerified",
                        true,
                        "firstName",
                        "Test",
                        "lastName",
                        username,
                        "groups",
                        List.of("/" + group),
                        "credentials",
                        List.of(Map.of("type", "password", "value", username, "temporary", false))))
                .post(realm + "/users")
                .then()
                .extract()
                .statusCode();
        assertCreatedOrExists(userStatus, username);
        String userId = given().auth()
                .oauth2(admin)
                .queryParam("username", username)
                .queryParam("exact", true)
                .get(realm + "/users")
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
        Object roleRepresentation = given().auth()
                .oauth2(admin)
                .get(realm + "/roles/" + role)
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(List.of(roleRepresentation))
                .post(realm + "/users/" + userId + "/role-mappings/realm")
                .then()
                .statusCode(204);
        return user(username, username);
    }

    /** Creates (once) a public client with direct access grants, and returns a responder token issued to it. */
    static String responderTokenFromClient(String clientId, Map<String, Object> client) {
        var representation = new HashMap<String, Object>(client);
        representation.put("clientId", clientId);
        representation.put("publicClient", true);
        representation.put("directAccessGrantsEnabled", true);
        representation.put("standardFlowEnabled", false);
        int status = given().auth()
                .oauth2(masterAdmin())
                .contentType(ContentType.JSON)
                .body(representation)
                .post(adminUrl() + "/clients")
                .then()
                .extract()
                .statusCode();
        assertCreatedOrExists(status, clientId);
        return token(
                SharedStack.get().keycloak().issuer(),
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        clientId,
                        "username",
                        "responder",
                        "password",
                        "responder"));
    }

    /**
     * Sets an attribute of a client of a stack's kizuki realm (such as {@code access.token.lifespan}, in seconds).
     */
    static void clientAttribute(LocalStack stack, String clientId, String name, String value) {
        String admin = masterAdmin(stack);
        String clients = adminUrl(stack) + "/clients";
        String id = given().auth()
                .oauth2(admin)
                .queryParam("clientId", clientId)
                .get(clients)
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("attributes", Map.of(name, value)))
                .put(clients + "/" + id)
                .then()
                .statusCode(204);
    }

    private static String masterAdmin() {
        return masterAdmin(SharedStack.get());
    }

    private static String masterAdmin(LocalStack stack) {
        return cached(
                "master-admin@" + stack.keycloak().url(),
                () -> token(
                        stack.keycloak().url() + "/realms/master",
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "admin-cli",
                                "username",
                                EmbeddedKeycloak.BOOTSTRAP_ADMIN,
                                "password",
                                EmbeddedKeycloak.BOOTSTRAP_ADMIN_PASSWORD)));
    }

    private static String adminUrl() {
        return adminUrl(SharedStack.get());
    }

    private static String adminUrl(LocalStack stack) {
        return stack.keycloak().url() + "/admin/realms/" + EmbeddedKeycloak.REALM;
    }

    private static void assertCreatedOrExists(int status, String what) {
        if (status != 201 && status != 409) {
            throw new IllegalStateException("Keycloak refused to create " + what + ": HTTP " + status);
        }
    }

    /** Tokens live 5 minutes (60 s for master); a cached one is reused for at most 45 s. */
    private static String cached(String key, Supplier<String> fetch) {
        Token token = CACHE.compute(
                key,
                (k, current) -> current != null
                                && current.fetched().isAfter(Instant.now().minusSeconds(45))
                        ? current
                        : new Token(fetch.get(), Instant.now()));
        return token.value();
    }
}
