package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Vocabulary;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint of every service against the real Keycloak: no token, an expired token, a token of another realm and
 * a token for another audience get 401; the wrong role 403; another product 403; the right role 2xx.
 */
class AuthorizationMatrixIT {

    private static LocalStack stack;
    private static String shopIncident;
    private static String viewer;
    private static String responder;
    private static String admin;
    private static String integration;
    private static String responderOfPayments;
    private static String viewerOfPayments;
    private static String otherAudience;
    private static String expired;

    /** One endpoint: how to call it with a prepared request. */
    private record Endpoint(String name, Function<RequestSpecification, Response> call) {}

    @BeforeAll
    static void setUp() {
        stack = SharedStack.get();
        viewer = Keycloak.user("viewer", "viewer");
        responder = Keycloak.user("responder", "responder");
        admin = Keycloak.user("admin", "admin");
        integration = Keycloak.client("kizuki-integration-shop", "dev-only-integration-shop-secret");
        responderOfPayments = Keycloak.userOfProduct("responder-payments", "responder", "payments");
        viewerOfPayments = Keycloak.userOfProduct("viewer-payments", "viewer", "payments");
        otherAudience = Keycloak.responderTokenFromClient("test-without-kizuki-audience", Map.of());
        expired = Keycloak.responderTokenFromClient(
                "test-short-lived-tokens",
                Map.of(
                        "attributes", Map.of("access.token.lifespan", "1"),
                        "protocolMappers",
                                List.of(Map.of(
                                        "name",
                                        "audience kizuki-api",
                                        "protocol",
                                        "openid-connect",
                                        "protocolMapper",
                                        "oidc-audience-mapper",
                                        "config",
                                        Map.of(
                                                "included.custom.audience",
                                                "kizuki-api",
                                                "access.token.claim",
                                                "true")))));
        shopIncident = StackClient.openIncident("matrix");
        await().atMost(PATIENCE)
                .until(() -> given().auth().oauth2(expired).get(incidents()).statusCode() == 401);
    }

    /** The responder's commands on one incident: name, path after the incident's URL, JSON body (or none). */
    private static final List<List<String>> INCIDENT_COMMANDS = List.of(
            List.of("acknowledge", ""),
            List.of("resolve", ""),
            List.of("roles", "{\"role\":\"sre\",\"assignee\":\"dan\"}"),
            List.of("severity", "{\"severity\":\"SEV1\",\"reason\":\"matrix\"}"),
            List.of("status", "{\"status\":\"investigating\"}"),
            List.of("timeline", "{\"kind\":\"note\",\"text\":\"matrix\"}"),
            List.of("changes", "{\"changeId\":\"chg-matrix\"}"),
            List.of("reopen", "{}"),
            List.of(
                    "action-items",
                    "{\"title\":\"t\",\"kind\":\"process\",\"owner\":\"o\",\"dueDate\":\"2026-12-01\"}"),
            List.of("action-items/ai-matrix/complete", ""),
            List.of("postmortem/publish", ""),
            List.of("close", ""));

    private static List<Endpoint> incidentCommands() {
        List<Endpoint> commands = new ArrayList<>(INCIDENT_COMMANDS.stream()
                .map(command -> new Endpoint("POST incidents/{id}/" + command.get(0), request -> (command.get(1)
                                        .isEmpty()
                                ? request
                                : request.contentType(ContentType.JSON).body(command.get(1)))
                        .post(stack.incidentUrl() + "/api/v1/incidents/" + shopIncident + "/" + command.get(0))))
                .toList());
        commands.add(
                new Endpoint("PUT incidents/{id}/postmortem/{section}", request -> request.contentType(ContentType.JSON)
                        .body("{\"text\":\"matrix\"}")
                        .put(stack.incidentUrl() + "/api/v1/incidents/" + shopIncident + "/postmortem/lessons")));
        commands.add(
                new Endpoint("PATCH incidents/{id}/action-items/{ai}", request -> request.contentType(ContentType.JSON)
                        .body("{\"owner\":\"matrix\"}")
                        .patch(stack.incidentUrl() + "/api/v1/incidents/" + shopIncident + "/action-items/ai-matrix")));
        return commands;
    }

    /** Recording an adoption for {@code product}: a product of the caller's, not the incident's. */
    private static Endpoint adoption(String product) {
        return new Endpoint("PUT incidents/{id}/action-items/{ai}/adoptions/{product}", request -> request.contentType(
                        ContentType.JSON)
                .body("{\"status\":\"planned\"}")
                .put(stack.incidentUrl() + "/api/v1/incidents/" + shopIncident + "/action-items/ai-matrix/adoptions/"
                        + product));
    }

    private static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>(incidentCommands());
        endpoints.addAll(List.of(
                new Endpoint("POST signals/alertmanager", request -> request.contentType(ContentType.JSON)
                        .body(samplePayload())
                        .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")),
                new Endpoint("POST signals/grafana", request -> request.contentType(ContentType.JSON)
                        .body(samplePayload().replace("\"version\": \"4\"", "\"version\": \"1\""))
                        .post(stack.incidentUrl() + "/api/v1/signals/grafana")),
                new Endpoint("POST signals", request -> request.contentType(ContentType.JSON)
                        .body("{\"title\":\"matrix\",\"service\":\"shop-matrix\"}")
                        .post(stack.incidentUrl() + "/api/v1/signals")),
                new Endpoint("PUT heartbeats/{name}", request -> request.contentType(ContentType.JSON)
                        .body("{\"intervalSeconds\":3600}")
                        .put(stack.incidentUrl() + "/api/v1/heartbeats/matrix")),
                new Endpoint("POST changes", request -> request.contentType(ContentType.JSON)
                        .body("{\"service\":\"shop-matrix\",\"kind\":\"deploy\",\"product\":\"shop\"}")
                        .post(stack.incidentUrl() + "/api/v1/changes")),
                new Endpoint("POST incidents", request -> request.contentType(ContentType.JSON)
                        .body("{\"title\":\"t\",\"product\":\"shop\",\"service\":\"s\",\"severity\":\"SEV4\"}")
                        .post(stack.incidentUrl() + "/api/v1/incidents")),
                new Endpoint("GET integrations", request -> request.get(stack.incidentUrl() + "/api/v1/integrations")),
                new Endpoint("POST integrations", request -> request.contentType(ContentType.JSON)
                        .body(Map.of("name", "matrix", "product", "shop"))
                        .post(stack.incidentUrl() + "/api/v1/integrations")),
                new Endpoint(
                        "POST integrations/{id}/rotate",
                        request -> request.post(stack.incidentUrl() + "/api/v1/integrations/dev-shop/rotate")),
                new Endpoint(
                        "POST integrations/{id}/revoke",
                        request -> request.post(stack.incidentUrl() + "/api/v1/integrations/dev-shop/revoke")),
                new Endpoint("PUT integrations/{id}/rate-limit", request -> request.contentType(ContentType.JSON)
                        .body(Map.of("perSecond", 100, "burst", 100))
                        .put(stack.incidentUrl() + "/api/v1/integrations/dev-shop/rate-limit")),
                new Endpoint("GET report incidents", request -> request.get(incidents())),
                new Endpoint("GET report incidents/{id}", request -> request.get(incidents() + "/" + shopIncident)),
                new Endpoint(
                        "GET report incidents/{id}/timeline",
                        request -> request.get(incidents() + "/" + shopIncident + "/timeline")),
                new Endpoint(
                        "GET report incidents/{id}/postmortem",
                        request -> request.get(incidents() + "/" + shopIncident + "/postmortem")),
                new Endpoint(
                        "GET report knowledge/feed.json",
                        request -> request.get(stack.reportUrl() + "/api/v1/knowledge/feed.json")),
                new Endpoint(
                        "GET report knowledge/feed.atom",
                        request -> request.get(stack.reportUrl() + "/api/v1/knowledge/feed.atom")),
                new Endpoint(
                        "GET report knowledge/adoption",
                        request -> request.get(stack.reportUrl() + "/api/v1/knowledge/adoption")),
                new Endpoint(
                        "GET report action-items/overdue",
                        request -> request.get(stack.reportUrl() + "/api/v1/action-items/overdue")),
                new Endpoint(
                        "GET report metrics/contributing-factors",
                        request -> request.get(stack.reportUrl() + "/api/v1/metrics/contributing-factors")),
                adoption("payments"),
                new Endpoint("GET report changes", request -> request.get(stack.reportUrl() + "/api/v1/changes")),
                new Endpoint(
                        "GET report metrics/incidents",
                        request -> request.get(stack.reportUrl() + "/api/v1/metrics/incidents")),
                new Endpoint(
                        "GET report oncall/burden",
                        request -> request.get(stack.reportUrl() + "/api/v1/oncall/burden")),
                new Endpoint(
                        "GET report incidents/live",
                        request -> request.get(stack.reportUrl() + "/api/v1/incidents/live")),
                new Endpoint(
                        "GET report admin/read-models",
                        request -> request.get(stack.reportUrl() + "/api/v1/admin/read-models")),
                new Endpoint(
                        "GET report admin/read-models/{name}/digest",
                        request -> request.get(stack.reportUrl() + "/api/v1/admin/read-models/incidents/digest")),
                new Endpoint("POST report admin/rebuilds", request -> request.contentType(ContentType.JSON)
                        .body("{\"readModels\":[\"no-such-model\"]}")
                        .post(stack.reportUrl() + "/api/v1/admin/rebuilds")),
                new Endpoint(
                        "GET report admin/rebuilds/current",
                        request -> request.get(stack.reportUrl() + "/api/v1/admin/rebuilds/current")),
                new Endpoint("GET notify oncall", request -> request.get(stack.notifyUrl() + "/api/v1/oncall")),
                new Endpoint("GET notify oncall/me", request -> request.get(stack.notifyUrl() + "/api/v1/oncall/me")),
                new Endpoint(
                        "GET notify schedules/{id}.ics",
                        request -> request.get(stack.notifyUrl() + "/api/v1/schedules/shop-primary.ics")),
                new Endpoint(
                        "GET notify escalation-policies",
                        request -> request.get(stack.notifyUrl() + "/api/v1/escalation-policies")),
                new Endpoint(
                        "GET notify schedules/{id}/shifts",
                        request -> request.get(stack.notifyUrl() + "/api/v1/schedules/shop-primary/shifts")),
                new Endpoint(
                        "GET notify admin/oncall-config",
                        request -> request.get(stack.notifyUrl() + "/api/v1/admin/oncall-config")),
                new Endpoint(
                        "GET notify admin/oncall-config/yaml",
                        request -> request.get(stack.notifyUrl() + "/api/v1/admin/oncall-config/yaml")),
                new Endpoint("GET incident silences", request -> request.get(stack.incidentUrl() + "/api/v1/silences")),
                new Endpoint(
                        "GET incident silences/{id}",
                        request -> request.get(stack.incidentUrl() + "/api/v1/silences/none")),
                new Endpoint(
                        "GET incident silences/{id}/alerts",
                        request -> request.get(stack.incidentUrl() + "/api/v1/silences/none/alerts")),
                new Endpoint("POST incident silences", request -> request.contentType(ContentType.JSON)
                        .body("{}")
                        .post(stack.incidentUrl() + "/api/v1/silences")),
                new Endpoint(
                        "POST incident silences/{id}/end",
                        request -> request.post(stack.incidentUrl() + "/api/v1/silences/none/end")),
                new Endpoint("GET incident replays", request -> request.get(stack.incidentUrl() + "/api/v1/replays")),
                new Endpoint("GET incident admin/ledger/verify", request -> request.queryParam("from", "yesterday")
                        .get(stack.incidentUrl() + "/api/v1/admin/ledger/verify")),
                new Endpoint(
                        "GET report metrics/definitions",
                        request -> request.get(stack.reportUrl() + "/api/v1/metrics/definitions")),
                new Endpoint(
                        "GET report metrics/definitions/{name}/figures",
                        request -> request.get(stack.reportUrl() + "/api/v1/metrics/definitions/none/figures")),
                new Endpoint("PUT report metrics/definitions/{name}", request -> request.contentType(ContentType.JSON)
                        .body("{\"resolveAt\": \"never\"}")
                        .put(stack.reportUrl() + "/api/v1/metrics/definitions/matrix")),
                new Endpoint("POST notify admin/oncall-config/simulations", request -> request.contentType(
                                "application/yaml")
                        .queryParam("from", "yesterday")
                        .post(stack.notifyUrl() + "/api/v1/admin/oncall-config/simulations")),
                new Endpoint(
                        "GET incident replays/{id}",
                        request -> request.get(stack.incidentUrl() + "/api/v1/replays/none")),
                new Endpoint("POST incident replays", request -> request.contentType(ContentType.JSON)
                        .body("{\"from\": \"tomorrow\"}")
                        .post(stack.incidentUrl() + "/api/v1/replays")),
                new Endpoint(
                        "GET notify schedules/{id}/swaps",
                        request -> request.get(stack.notifyUrl() + "/api/v1/schedules/shop-primary/swaps")),
                new Endpoint("POST notify schedules/{id}/swaps", request -> request.contentType(ContentType.JSON)
                        .body("{}")
                        .post(stack.notifyUrl() + "/api/v1/schedules/shop-primary/swaps")),
                new Endpoint(
                        "POST notify swaps/{id}/accept",
                        request -> request.post(stack.notifyUrl() + "/api/v1/swaps/none/accept")),
                new Endpoint(
                        "POST notify swaps/{id}/decline",
                        request -> request.post(stack.notifyUrl() + "/api/v1/swaps/none/decline")),
                new Endpoint(
                        "POST notify swaps/{id}/cancel",
                        request -> request.post(stack.notifyUrl() + "/api/v1/swaps/none/cancel")),
                new Endpoint("PUT notify admin/oncall-config/{section}/{id}", request -> request.contentType(
                                "application/yaml")
                        .body("[".getBytes(StandardCharsets.UTF_8))
                        .put(stack.notifyUrl() + "/api/v1/admin/oncall-config/people/nobody")),
                new Endpoint(
                        "DELETE notify admin/oncall-config/{section}/{id}",
                        request -> request.delete(stack.notifyUrl() + "/api/v1/admin/oncall-config/people/nobody")),
                new Endpoint(
                        "GET notify admin/oncall-config/versions",
                        request -> request.get(stack.notifyUrl() + "/api/v1/admin/oncall-config/versions")),
                new Endpoint(
                        "GET notify admin/oncall-config/versions/{at}/yaml",
                        request -> request.get(
                                stack.notifyUrl() + "/api/v1/admin/oncall-config/versions/2001-01-01T00:00:00Z/yaml")),
                new Endpoint("PUT notify admin/oncall-config", request -> request.contentType("application/yaml")
                        .body("people: [".getBytes(StandardCharsets.UTF_8))
                        .put(stack.notifyUrl() + "/api/v1/admin/oncall-config")),
                new Endpoint("POST notify admin/oncall-config/imports/{source}", request -> request.contentType(
                                ContentType.JSON)
                        .body("{\"responses\":[]}")
                        .post(stack.notifyUrl() + "/api/v1/admin/oncall-config/imports/pagerduty")),
                new Endpoint(
                        "POST notify people/{id}/test-notification",
                        request -> request.post(stack.notifyUrl() + "/api/v1/people/alice/test-notification")),
                new Endpoint(
                        "GET notify people/{id}/contact-methods",
                        request -> request.get(stack.notifyUrl() + "/api/v1/people/alice/contact-methods"))));
        return endpoints;
    }

    @Test
    void refusesEveryEndpointWithoutAValidTokenWith401() {
        Map<String, Function<RequestSpecification, RequestSpecification>> invalid = Map.of(
                "no token", request -> request,
                "expired token", request -> request.auth().oauth2(expired),
                "token of another realm", request -> request.auth().oauth2(Keycloak.otherRealm()),
                "token for another audience", request -> request.auth().oauth2(otherAudience),
                "garbage token", request -> request.auth().oauth2("not.a.jwt"));
        for (Endpoint endpoint : endpoints()) {
            invalid.forEach((what, credentials) -> {
                Response response = endpoint.call().apply(credentials.apply(given()));
                assertThat(response.statusCode())
                        .as("%s with %s", endpoint.name(), what)
                        .isEqualTo(401);
                assertThat(response.contentType())
                        .as("%s with %s", endpoint.name(), what)
                        .startsWith("application/problem+json");
            });
        }
        for (String service : List.of("incident-service.log", "notify-service.log", "report-service.log")) {
            await().atMost(PATIENCE).until(() -> Files.readString(stack.logs().resolve(service))
                    .lines()
                    .anyMatch(line ->
                            line.contains("Token verification has failed") && line.contains("Expiration Time")));
        }
    }

    @Test
    void takesNoBearerTokenInsteadOfSlacksOrTwiliosSignatureOrAnActionLinksOwn() {
        for (String path : List.of(
                "/api/v1/chat/slack/interactions", "/api/v1/chat/slack/commands", "/api/v1/chat/slack/events")) {
            given().auth()
                    .oauth2(admin)
                    .contentType("application/x-www-form-urlencoded")
                    .body("user_id=U0ALICE0001&text=help")
                    .post(stack.notifyUrl() + path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("X-Slack-Request-Timestamp"));
        }
        for (String path : List.of(
                "/api/v1/telephony/sms",
                "/api/v1/telephony/voice/e30.AAAA",
                "/api/v1/telephony/voice/e30.AAAA/status?notification=n-1")) {
            given().auth()
                    .oauth2(admin)
                    .contentType("application/x-www-form-urlencoded")
                    .body("From=%2B819011112222&Body=ack+12&Digits=4")
                    .post(stack.notifyUrl() + path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("X-Twilio-Signature"));
        }
        given().auth()
                .oauth2(admin)
                .post(stack.notifyUrl() + "/api/v1/chat/links/e30.AAAA")
                .then()
                .statusCode(400)
                .contentType("text/html");
    }

    @Test
    void refusesTheWrongRoleWith403() {
        Map<String, List<String>> wrongRoles = new HashMap<>(Map.ofEntries(
                Map.entry("POST signals/alertmanager", List.of("viewer", "responder", "admin")),
                Map.entry("POST incidents", List.of("viewer", "integration")),
                Map.entry("POST signals/grafana", List.of("viewer", "responder", "admin")),
                Map.entry("POST signals", List.of("viewer", "responder", "admin")),
                Map.entry("PUT heartbeats/{name}", List.of("viewer", "responder", "admin")),
                Map.entry("POST changes", List.of("viewer")),
                Map.entry("GET integrations", List.of("viewer", "responder", "integration")),
                Map.entry("POST integrations", List.of("viewer", "responder", "integration")),
                Map.entry("POST integrations/{id}/rotate", List.of("viewer", "responder", "integration")),
                Map.entry("POST integrations/{id}/revoke", List.of("viewer", "responder", "integration")),
                Map.entry("PUT integrations/{id}/rate-limit", List.of("viewer", "responder", "integration")),
                Map.entry("GET report incidents", List.of("integration")),
                Map.entry("GET report incidents/{id}", List.of("integration")),
                Map.entry("GET report incidents/{id}/timeline", List.of("integration")),
                Map.entry("GET report incidents/{id}/postmortem", List.of("integration")),
                Map.entry("GET report knowledge/feed.json", List.of("integration")),
                Map.entry("GET report knowledge/feed.atom", List.of("integration")),
                Map.entry("GET report knowledge/adoption", List.of("integration")),
                Map.entry("GET report action-items/overdue", List.of("integration")),
                Map.entry("GET report metrics/contributing-factors", List.of("integration")),
                Map.entry("PUT incidents/{id}/action-items/{ai}/adoptions/{product}", List.of("viewer", "integration")),
                Map.entry("GET report changes", List.of("integration")),
                Map.entry("GET report metrics/incidents", List.of("integration")),
                Map.entry("GET report oncall/burden", List.of("integration")),
                Map.entry("GET report incidents/live", List.of("integration")),
                Map.entry("GET report admin/read-models", List.of("viewer", "responder", "integration")),
                Map.entry("GET report admin/read-models/{name}/digest", List.of("viewer", "responder", "integration")),
                Map.entry("POST report admin/rebuilds", List.of("viewer", "responder", "integration")),
                Map.entry("GET report admin/rebuilds/current", List.of("viewer", "responder", "integration")),
                Map.entry("GET notify oncall", List.of("integration")),
                Map.entry("GET notify oncall/me", List.of("integration")),
                Map.entry("GET notify schedules/{id}.ics", List.of("integration")),
                Map.entry("GET notify escalation-policies", List.of("integration")),
                Map.entry("GET notify schedules/{id}/shifts", List.of("integration")),
                Map.entry("GET notify admin/oncall-config", List.of("viewer", "responder", "integration")),
                Map.entry("GET notify admin/oncall-config/yaml", List.of("viewer", "responder", "integration")),
                Map.entry("GET incident silences", List.of("integration")),
                Map.entry("GET incident silences/{id}", List.of("integration")),
                Map.entry("GET incident silences/{id}/alerts", List.of("integration")),
                Map.entry("POST incident silences", List.of("viewer", "integration")),
                Map.entry("POST incident silences/{id}/end", List.of("viewer", "integration")),
                Map.entry("GET incident replays", List.of("viewer", "responder", "integration")),
                Map.entry("GET incident admin/ledger/verify", List.of("viewer", "responder", "integration")),
                Map.entry("GET report metrics/definitions", List.of("integration")),
                Map.entry("GET report metrics/definitions/{name}/figures", List.of("integration")),
                Map.entry("PUT report metrics/definitions/{name}", List.of("viewer", "responder", "integration")),
                Map.entry("POST notify admin/oncall-config/simulations", List.of("viewer", "responder", "integration")),
                Map.entry("GET incident replays/{id}", List.of("viewer", "responder", "integration")),
                Map.entry("POST incident replays", List.of("viewer", "responder", "integration")),
                Map.entry("GET notify schedules/{id}/swaps", List.of("integration")),
                Map.entry("POST notify schedules/{id}/swaps", List.of("viewer", "integration")),
                Map.entry("POST notify swaps/{id}/accept", List.of("viewer", "integration")),
                Map.entry("POST notify swaps/{id}/decline", List.of("viewer", "integration")),
                Map.entry("POST notify swaps/{id}/cancel", List.of("viewer", "integration")),
                Map.entry(
                        "PUT notify admin/oncall-config/{section}/{id}", List.of("viewer", "responder", "integration")),
                Map.entry(
                        "DELETE notify admin/oncall-config/{section}/{id}",
                        List.of("viewer", "responder", "integration")),
                Map.entry("GET notify admin/oncall-config/versions", List.of("viewer", "responder", "integration")),
                Map.entry(
                        "GET notify admin/oncall-config/versions/{at}/yaml",
                        List.of("viewer", "responder", "integration")),
                Map.entry("PUT notify admin/oncall-config", List.of("viewer", "responder", "integration")),
                Map.entry(
                        "POST notify admin/oncall-config/imports/{source}",
                        List.of("viewer", "responder", "integration")),
                Map.entry("POST notify people/{id}/test-notification", List.of("viewer", "integration")),
                Map.entry("GET notify people/{id}/contact-methods", List.of("viewer", "integration"))));
        incidentCommands().forEach(command -> wrongRoles.put(command.name(), List.of("viewer", "integration")));
        Map<String, String> tokens =
                Map.of("viewer", viewer, "responder", responder, "admin", admin, "integration", integration);
        for (Endpoint endpoint : endpoints()) {
            for (String role : wrongRoles.get(endpoint.name())) {
                Response response = endpoint.call().apply(given().auth().oauth2(tokens.get(role)));
                assertThat(response.statusCode())
                        .as("%s as %s", endpoint.name(), role)
                        .isEqualTo(403);
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
    }

    @Test
    void anIdempotencyKeyNamesOneCallersOneRequestOnly() {
        String url = stack.incidentUrl() + "/api/v1/incidents/" + shopIncident + "/timeline";
        String key = "matrix-" + UUID.randomUUID();
        given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body("{\"kind\":\"note\",\"text\":\"card processor is slow\"}")
                .post(url)
                .then()
                .statusCode(200);

        Response other = given().auth()
                .oauth2(responderOfPayments)
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body("{\"kind\":\"note\",\"text\":\"anything\"}")
                .post(url);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.asString()).doesNotContain("card processor");

        given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body("{\"kind\":\"note\",\"text\":\"another note\"}")
                .post(url)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        given().auth()
                .oauth2(Keycloak.user("responder", "responder"))
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body("{\"kind\":\"note\",\"text\":\"bad\\u0000note\"}")
                .post(url)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("text"));
    }

    @Test
    void answersCallersOfAnotherProductExactlyAsForAMissingIncident() {
        Response missing = given().auth()
                .oauth2(responderOfPayments)
                .post(stack.incidentUrl() + "/api/v1/incidents/inc-missing-matrix/acknowledge");
        assertThat(missing.statusCode()).isEqualTo(404);
        for (Endpoint command : incidentCommands()) {
            Response response = command.call().apply(given().auth().oauth2(responderOfPayments));
            assertThat(response.statusCode()).as(command.name()).isEqualTo(404);
            assertThat(response.contentType()).as(command.name()).startsWith("application/problem+json");
            JsonPath problem = response.jsonPath();
            assertThat(problem.getString("type"))
                    .as(command.name())
                    .isEqualTo(missing.jsonPath().getString("type"));
            assertThat(problem.getString("title"))
                    .as(command.name())
                    .isEqualTo(missing.jsonPath().getString("title"));
            assertThat(problem.getString("detail")).as(command.name()).isEqualTo("no incident " + shopIncident);
            assertThat(problem.getMap(""))
                    .as(command.name())
                    .containsOnlyKeys(missing.jsonPath().getMap("").keySet());
        }
        given().auth()
                .oauth2(responderOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"title\":\"t\",\"product\":\"shop\",\"service\":\"s\",\"severity\":\"SEV4\"}")
                .post(stack.incidentUrl() + "/api/v1/incidents")
                .then()
                .statusCode(403)
                .body("errors[0].field", equalTo("product"));
        for (String path : List.of("", "/postmortem")) {
            given().auth()
                    .oauth2(viewerOfPayments)
                    .get(incidents() + "/" + shopIncident + path)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        // a team records adoption for its own products only: payments' responder may not answer for shop
        given().auth()
                .oauth2(responderOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"status\":\"planned\"}")
                .put(stack.incidentUrl() + "/api/v1/incidents/" + shopIncident
                        + "/action-items/ai-matrix/adoptions/shop")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("product"));
        given().auth()
                .oauth2(viewerOfPayments)
                .queryParam("limit", 500)
                .get(incidents())
                .then()
                .statusCode(200)
                .body("id", not(hasItem(shopIncident)));
        given().auth()
                .oauth2(integration)
                .contentType(ContentType.JSON)
                .body(samplePayload().replace("\"product\": \"shop\"", "\"product\": \"payments\""))
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(403)
                .body("errors[0].field", equalTo("alerts[0].labels.product"));
        for (String path : List.of("/api/v1/signals", "/api/v1/changes")) {
            given().auth()
                    .oauth2(integration)
                    .contentType(ContentType.JSON)
                    .body("{\"title\":\"t\",\"service\":\"s\",\"kind\":\"deploy\",\"product\":\"payments\"}")
                    .post(stack.incidentUrl() + path)
                    .then()
                    .statusCode(403)
                    .body("errors[0].field", equalTo("product"));
        }
        given().auth()
                .oauth2(integration)
                .contentType(ContentType.JSON)
                .body("{\"product\":\"payments\"}")
                .put(stack.incidentUrl() + "/api/v1/heartbeats/matrix")
                .then()
                .statusCode(403)
                .body("errors[0].field", equalTo("product"));
        given().auth()
                .oauth2(responderOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"service\":\"s\",\"kind\":\"deploy\",\"product\":\"shop\"}")
                .post(stack.incidentUrl() + "/api/v1/changes")
                .then()
                .statusCode(403);
    }

    @Test
    void scopesAdminsToTheirProductsLikeEveryoneElse() {
        String adminOfPayments = Keycloak.userOfProduct("admin-payments", "admin", "payments");
        String integrations = stack.incidentUrl() + "/api/v1/integrations";

        given().auth()
                .oauth2(adminOfPayments)
                .get(integrations)
                .then()
                .statusCode(200)
                .body("product", not(hasItem("shop")));
        given().auth()
                .oauth2(adminOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"shop-by-payments\",\"product\":\"shop\"}")
                .post(integrations)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("product"));
        // another product's integration answers exactly as a missing one
        for (String action : List.of("rotate", "revoke")) {
            given().auth()
                    .oauth2(adminOfPayments)
                    .post(integrations + "/dev-shop/" + action)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("no integration dev-shop"));
        }
        given().auth()
                .oauth2(adminOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"perSecond\":1,\"burst\":1}")
                .put(integrations + "/dev-shop/rate-limit")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(adminOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"payments-own\",\"product\":\"payments\"}")
                .post(integrations)
                .then()
                .statusCode(201)
                .body("product", equalTo("payments"));
        given().auth().oauth2(admin).get(integrations).then().statusCode(200).body("name", hasItem("shop-dev"));
        for (String path : List.of("read-models", "read-models/incidents/digest", "rebuilds/current")) {
            given().auth()
                    .oauth2(adminOfPayments)
                    .get(stack.reportUrl() + "/api/v1/admin/" + path)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        given().auth()
                .oauth2(adminOfPayments)
                .contentType(ContentType.JSON)
                .body("{}")
                .post(stack.reportUrl() + "/api/v1/admin/rebuilds")
                .then()
                .statusCode(403);
        for (String path : List.of("", "/yaml", "/versions")) {
            given().auth()
                    .oauth2(adminOfPayments)
                    .get(stack.notifyUrl() + "/api/v1/admin/oncall-config" + path)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        given().auth()
                .oauth2(adminOfPayments)
                .contentType("application/yaml")
                .body("people: [".getBytes(StandardCharsets.UTF_8))
                .put(stack.notifyUrl() + "/api/v1/admin/oncall-config")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(adminOfPayments)
                .contentType(ContentType.JSON)
                .body("{\"responses\":[]}")
                .post(stack.notifyUrl() + "/api/v1/admin/oncall-config/imports/pagerduty")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void letsTheRightRoleThroughAndRecordsItsActor() throws IOException {
        given().auth()
                .oauth2(integration)
                .contentType(ContentType.JSON)
                .body(samplePayload())
                .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                .then()
                .statusCode(202);
        given().auth()
                .oauth2(viewer)
                .queryParam("limit", 500)
                .get(incidents())
                .then()
                .statusCode(200)
                .body("id", hasItem(shopIncident));
        given().auth()
                .oauth2(viewer)
                .get(incidents() + "/" + shopIncident)
                .then()
                .statusCode(200)
                .body("product", equalTo("shop"));
        given().auth()
                .oauth2(admin)
                .get(incidents() + "/" + shopIncident)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(viewer)
                .get(stack.notifyUrl() + "/api/v1/oncall")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(viewer)
                .get(stack.notifyUrl() + "/api/v1/schedules/shop-primary.ics")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .get(stack.notifyUrl() + "/api/v1/admin/oncall-config")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .get(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(200)
                .body("name", hasItem("shop-dev"))
                .body("routingKey", not(hasItem(LocalStack.DEV_ROUTING_KEY)));
        given().auth()
                .oauth2(responder)
                .post(stack.incidentUrl() + "/api/v1/incidents/" + shopIncident + "/acknowledge")
                .then()
                .statusCode(200)
                .body("events[0].data.acknowledgedBy", equalTo("user:responder"));
        given().auth()
                .oauth2(responder)
                .post(stack.incidentUrl() + "/api/v1/incidents/" + shopIncident + "/resolve")
                .then()
                .statusCode(200)
                .body("events[0].data.resolvedBy", equalTo("user:responder"));

        await().atMost(PATIENCE).until(() -> Files.readString(stack.logs().resolve("incident-service.log"))
                .lines()
                .anyMatch(line -> line.contains("\"audit\":\"write\"")
                        && line.contains("\"actor\":\"user:responder\"")
                        && line.contains(shopIncident + "/resolve")
                        && line.contains("\"status\":200")));
    }

    @Test
    void answersWithSecurityHeadersAndCorsOnlyForTheConsole() {
        given().auth()
                .oauth2(viewer)
                .get(incidents())
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
        String console = "http://localhost:" + stack.ports().reportService();
        given().header("Origin", console)
                .header("Access-Control-Request-Method", "GET")
                .options(incidents())
                .then()
                .header("Access-Control-Allow-Origin", console);
        Response foreign = given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .options(incidents());
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void servesTheConsoleWithAPolicyThatLetsItTalkOnlyToKizukiAndKeycloak() {
        String policy = given().get(stack.reportUrl() + "/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("/console/app.js"))
                .extract()
                .header("Content-Security-Policy");
        assertThat(policy)
                .startsWith("default-src 'self'; script-src 'self'; style-src 'self';")
                .contains("connect-src 'self' http://localhost:" + stack.ports().keycloak() + " http://localhost:"
                        + stack.ports().incidentService() + " http://localhost:"
                        + stack.ports().notifyService() + ";")
                .contains("frame-ancestors 'none'");
        given().get(stack.reportUrl() + "/console/config.json")
                .then()
                .statusCode(200)
                .body("oidcUrl", equalTo(stack.keycloak().issuer()))
                .body("clientId", equalTo("kizuki-console"))
                .body("incidentApi", equalTo(stack.incidentUrl()))
                .body("notifyApi", equalTo(stack.notifyUrl()));
    }

    @Test
    void keepsTheConsoleOutOfBrowserCachesSoAnUpgradeIsNotRunFromAStaleCopy() {
        for (String file : List.of("/", "/console/app.js", "/console/console.css", "/console/config.json")) {
            given().get(stack.reportUrl() + file).then().statusCode(200).header("Cache-Control", "no-store");
        }
    }

    @Test
    void acceptsATokenFetchedThroughAnyLocalAddressOfKeycloak() {
        String issuer = stack.keycloak().issuer().replace("localhost", "127.0.0.1");
        String token = Keycloak.token(issuer, Keycloak.devUserGrant("viewer"));
        given().auth().oauth2(token).get(incidents()).then().statusCode(200);
    }

    @Test
    void leavesHealthMetricsOpenApiAndAsyncApiOpenForProbesAndReaders() {
        for (String service : List.of(stack.incidentUrl(), stack.notifyUrl(), stack.reportUrl())) {
            given().get(service + "/q/health/ready").then().statusCode(200);
            given().get(service + "/q/metrics").then().statusCode(200);
            given().get(service + "/q/openapi?format=json").then().statusCode(200);
        }
        given().get(stack.incidentUrl() + "/asyncapi").then().statusCode(200);
        given().get(stack.incidentUrl() + "/asyncapi/schemas/kizuki.incident.opened.v1")
                .then()
                .statusCode(200);
        given().get(stack.notifyUrl() + "/q/health/live")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'ledger-follower' }.status", equalTo("UP"));
        given().get(stack.incidentUrl() + "/q/openapi?format=json")
                .then()
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"))
                .body("components.schemas.RoleAssignment.properties.role.enum", equalTo(Vocabulary.ROLES))
                .body("components.schemas.Factor.properties.category.enum", equalTo(Vocabulary.FACTOR_CATEGORIES))
                .body(
                        "components.schemas.StatusUpdate.properties.status.enum",
                        equalTo(List.of("investigating", "identified", "monitoring")));
    }

    private static String incidents() {
        return stack.reportUrl() + "/api/v1/incidents";
    }
}
