package io.kizuki.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.kizuki.embedded.LocalStack;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * What the system tests do with the shared stack: the dev realm's users and their tokens, the sample payload, and
 * how long to wait for the stack to get somewhere ({@link #PATIENCE}, one setting for every test).
 */
final class StackClient {

    /**
     * How long a test waits for the stack to reach a state (system property {@code kizuki.it.patience}, ISO-8601,
     * default 3 minutes): a healthy stack gets there in seconds, so this only bounds how long a failure takes.
     */
    static final Duration PATIENCE = Duration.parse(System.getProperty("kizuki.it.patience", "PT3M"));

    /** The Alertmanager group key of the sample payload, replaced to make a new incident from it. */
    static final String SAMPLE_GROUP_KEY =
            "{}/{severity=\\\"critical\\\"}:{alertname=\\\"CheckoutErrorRateHigh\\\", service=\\\"shop-checkout\\\"}";

    private StackClient() {}

    /** {@code deploy/samples/alertmanager-firing.json}: one critical alert of product shop. */
    static String samplePayload() {
        Path root = Path.of(System.getProperty("kizuki.project.root", "../.."));
        try {
            String payload =
                    Files.readString(root.resolve("deploy/samples/alertmanager-firing.json"), StandardCharsets.UTF_8);
            assertThat(payload).contains(SAMPLE_GROUP_KEY);
            return payload;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sample payload under a group key of its own: a new incident. */
    static String newAlertPayload(String label) {
        return samplePayload().replace(SAMPLE_GROUP_KEY, "{}:{" + label + "=" + UUID.randomUUID() + "}");
    }

    /** Posts an Alertmanager webhook with the dev integration's routing key. */
    static Response postAlertmanager(String body) {
        return given().auth()
                .oauth2(LocalStack.DEV_ROUTING_KEY)
                .contentType(ContentType.JSON)
                .body(body)
                .post(SharedStack.get().incidentUrl() + "/api/v1/signals/alertmanager");
    }

    /** A request as the dev realm's user of that name (its password is its name). */
    static RequestSpecification as(String user) {
        return given().auth().oauth2(Keycloak.user(user, user));
    }

    static RequestSpecification asViewer() {
        return as("viewer");
    }

    static RequestSpecification asResponder() {
        return as("responder");
    }

    /** Opens a new incident of product shop through the whole flow and waits until report-service shows it. */
    static String openIncident(String label) {
        String dedupKey = postAlertmanager(newAlertPayload(label))
                .then()
                .statusCode(202)
                .extract()
                .path("dedupKey");
        return await().atMost(PATIENCE)
                .until(() -> incidentsWithDedupKey(dedupKey), ids -> ids.size() == 1)
                .get(0);
    }

    /** Replaces a stack's on-call configuration, with an admin's token. */
    static void putOnCallConfig(LocalStack stack, String adminToken, String yaml) {
        given().auth()
                .oauth2(adminToken)
                .contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .put(stack.notifyUrl() + "/api/v1/admin/oncall-config")
                .then()
                .statusCode(200);
    }

    /** The e-mails a stack's SMTP server received for {@code to} that name the incident. */
    static List<Map<String, Object>> mails(LocalStack stack, String incident, String to) {
        return stack.mail().messages().stream()
                .filter(mail -> mail.get("to").toString().contains(to)
                        && mail.get("text").toString().contains(incident))
                .toList();
    }

    /** The ids of the incidents report-service lists with that dedup key. */
    static List<String> incidentsWithDedupKey(String dedupKey) {
        return asViewer()
                .queryParam("limit", 500)
                .get(SharedStack.get().reportUrl() + "/api/v1/incidents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.dedupKey == '" + dedupKey + "' }.id", String.class);
    }

    /**
     * The members of a consumer group as the broker lists them: each static member by its name
     * ({@code group.instance.id}), a dynamic one as {@code dynamic}.
     */
    static List<String> groupMembers(LocalStack stack, String group) {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .map(member -> member.groupInstanceId().orElse("dynamic"))
                    .toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
