package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.asViewer;
import static io.kizuki.system.StackClient.incidentsWithDedupKey;
import static io.kizuki.system.StackClient.newAlertPayload;
import static io.kizuki.system.StackClient.postAlertmanager;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;
import io.restassured.http.ContentType;

/** Silences (maintenance windows) through the whole flow: recorded, marked, no incident, until the silence ends. */
class SilenceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSilencedAlertIsRecordedWithItsSilenceButOpensNoIncidentUntilTheSilenceEnds() {
        LocalStack stack = SharedStack.get();
        String mark = UUID.randomUUID().toString();
        String silence = silence(mark, "database upgrade");
        String payload = labelled(newAlertPayload("silence"), mark);

        String dedupKey;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            var before = topics.signalEndOffsets();
            dedupKey =
                    postAlertmanager(payload).then().statusCode(202).extract().path("dedupKey");
            String key = dedupKey;
            assertThat(topics.recordsSince(before, Topics.SIGNALS))
                    .filteredOn(record -> record.key().equals(key))
                    .singleElement()
                    .extracting(SilenceIT::silencedBy)
                    .isEqualTo(silence);
        }
        asViewer()
                .queryParam("active", true)
                .get(stack.incidentUrl() + "/api/v1/silences")
                .then()
                .statusCode(200)
                .body("find { it.silenceId == '" + silence + "' }.reason", equalTo("database upgrade"));
        String stream = dedupKey;
        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.incidentUrl() + "/api/v1/silences/" + silence + "/alerts")
                .then()
                .statusCode(200)
                .body("dedupKey", contains(stream))
                .body("[0].labels.maintenance", equalTo(mark))
                .body("[0].silenceId", equalTo(silence)));
        String payments = Keycloak.userOfProduct("viewer-payments", "viewer", "payments");
        given().auth()
                .oauth2(payments)
                .get(stack.incidentUrl() + "/api/v1/silences/" + silence + "/alerts")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        Instant endedAt = Instant.parse(asResponder()
                .post(stack.incidentUrl() + "/api/v1/silences/" + silence + "/end")
                .then()
                .statusCode(200)
                .body("endedBy", equalTo("user:responder"))
                .extract()
                .path("endedAt"));
        asViewer()
                .queryParam("active", true)
                .get(stack.incidentUrl() + "/api/v1/silences")
                .then()
                .body("silenceId", not(hasItem(silence)));

        // Alertmanager sends the firing alert again: now it opens the stream's first incident, after the silence
        postAlertmanager(payload).then().statusCode(202);
        String key = dedupKey;
        String incident = await().atMost(PATIENCE)
                .until(() -> incidentsWithDedupKey(key), ids -> ids.size() == 1)
                .getFirst();
        Instant openedAt = Instant.parse(asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incident)
                .then()
                .statusCode(200)
                .extract()
                .path("openedAt"));
        assertThat(openedAt)
                .as("opened by the alert sent after the silence ended")
                .isAfterOrEqualTo(endedAt);
        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.incidentUrl() + "/api/v1/silences/" + silence + "/alerts")
                .then()
                .statusCode(200)
                .body("", empty()));
    }

    @Test
    void aSuppressedAlertThatResolvesIsNoLongerListedUnderItsSilence() {
        LocalStack stack = SharedStack.get();
        String mark = UUID.randomUUID().toString();
        String silence = silence(mark, "network change");
        String firing = labelled(newAlertPayload("silence-resolves"), mark);
        postAlertmanager(firing).then().statusCode(202);
        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.incidentUrl() + "/api/v1/silences/" + silence + "/alerts")
                .then()
                .body("", hasSize(1)));

        postAlertmanager(firing.replace("\"firing\"", "\"resolved\"")).then().statusCode(202);

        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.incidentUrl() + "/api/v1/silences/" + silence + "/alerts")
                .then()
                .body("", empty()));
    }

    @Test
    void refusesASilenceWithoutReasonOrEndNamingTheFieldsAndAnotherProductsAs404() {
        LocalStack stack = SharedStack.get();
        asResponder()
                .contentType(ContentType.JSON)
                .body(Map.of("product", "shop", "endsAt", "tomorrow"))
                .post(stack.incidentUrl() + "/api/v1/silences")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("reason", "endsAt"));
        asViewer()
                .get(stack.incidentUrl() + "/api/v1/silences/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    /** Makes a silence of product shop for an hour, as the responder, of the alerts labelled maintenance=mark. */
    private static String silence(String mark, String reason) {
        return asResponder()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "product",
                        "shop",
                        "labels",
                        Map.of("maintenance", mark),
                        "endsAt",
                        Instant.now().plus(Duration.ofHours(1)).toString(),
                        "reason",
                        reason))
                .post(SharedStack.get().incidentUrl() + "/api/v1/silences")
                .then()
                .statusCode(201)
                .body("createdBy", equalTo("user:responder"))
                .extract()
                .path("silenceId");
    }

    /** The Alertmanager payload with its alert labelled maintenance=mark. */
    static String labelled(String payload, String mark) {
        String labelled = payload.replace(
                "\"labels\": { \"alertname\"", "\"labels\": { \"maintenance\": \"" + mark + "\", \"alertname\"");
        assertThat(labelled).contains(mark);
        return labelled;
    }

    /** The silence a signal record was marked with when it was received, if any. */
    static String silencedBy(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("silencedBy").asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
