package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.samplePayload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;
import io.restassured.http.ContentType;

/**
 * {@code kill -9} of incident-service in the middle of a stream of signals: after the restart, every alert Kizuki
 * answered 202 for is on the ledger exactly once, no incident is opened twice, and a heartbeat that fell silent
 * meanwhile still opens its incident, once.
 */
class CrashRecoveryIT {

    private static final int ALERTS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
    }

    @Test
    void afterAKillNineEveryAcceptedAlertIsOnTheLedgerOnceAndNoIncidentOpensTwice() throws Exception {
        String key = given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "crash-" + UUID.randomUUID().toString().substring(0, 8),
                        "product",
                        "shop",
                        "rateLimit",
                        Map.of("perSecond", 10_000, "burst", 10_000)))
                .post(stack.incidentUrl() + "/api/v1/integrations")
                .then()
                .statusCode(201)
                .extract()
                .path("routingKey");
        Map<String, String> fingerprintByDedupKey = new ConcurrentHashMap<>();
        Map<TopicPartition, Long> ledgerBefore;
        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            ledgerBefore = topics.endOffsets(Topics.LEDGER);
        }

        String run = UUID.randomUUID().toString();
        String heartbeat = given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body("{\"intervalSeconds\":10}")
                .put(stack.incidentUrl() + "/api/v1/heartbeats/crash-" + run)
                .then()
                .statusCode(202)
                .extract()
                .path("dedupKey");
        CompletableFuture<Void> crash = null;
        for (int i = 0; i < ALERTS; i++) {
            if (i == ALERTS / 3) {
                crash = CompletableFuture.runAsync(() -> stack.killAndRestart("incident-service"));
            }
            String payload = samplePayload().replace(SAMPLE_GROUP_KEY, "{}:{crash=" + run + "-" + i + "}");
            // as Alertmanager does: a notification that was not answered 202 is sent again until it is
            String dedupKey = await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> accepted(key, payload), answer -> answer != null);
            fingerprintByDedupKey.put(dedupKey, "c0ffee0000000001");
        }
        crash.get(3, TimeUnit.MINUTES);

        Map<String, List<String>> opened = new HashMap<>();
        Map<String, List<String>> attached = new HashMap<>();
        try (var ledger = new TopicReader(stack.kafkaBootstrapServers())) {
            ledger.follow(ledgerBefore);
            Map<String, String> dedupKeyByIncident = new HashMap<>();
            await().atMost(PATIENCE).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, byte[]> record : ledger.poll()) {
                    var data = JSON.readTree(record.value());
                    String type = header(record, "ce_type");
                    if (type.equals("kizuki.incident.opened.v1")
                            && fingerprintByDedupKey.containsKey(
                                    data.path("dedupKey").asText())) {
                        String dedupKey = data.path("dedupKey").asText();
                        dedupKeyByIncident.put(record.key(), dedupKey);
                        opened.computeIfAbsent(dedupKey, k -> new ArrayList<>()).add(record.key());
                    } else if (type.equals("kizuki.incident.alert-attached.v1")
                            && dedupKeyByIncident.containsKey(record.key())) {
                        attached.computeIfAbsent(dedupKeyByIncident.get(record.key()), k -> new ArrayList<>())
                                .add(data.path("fingerprint").asText());
                    }
                }
                return attached.size() == ALERTS;
            });
        }

        assertThat(opened.keySet()).isEqualTo(fingerprintByDedupKey.keySet());
        assertThat(opened.values()).as("no incident opened twice").allSatisfy(ids -> assertThat(ids)
                .hasSize(1));
        assertThat(attached.values())
                .as("every accepted alert on the ledger once")
                .allSatisfy(fingerprints -> assertThat(fingerprints).containsExactly("c0ffee0000000001"));
        assertThat(Set.copyOf(stack.servicePids().values())).hasSize(3);
        // it came back as the static member the killed process was (its host and port, and the stream thread's number):
        // the group gave it the killed process's tasks without waiting for that process's session to time out
        assertThat(StackClient.groupMembers(stack, "kizuki-incident-service"))
                .singleElement()
                .asString()
                .startsWith("kizuki-incident-service-")
                .endsWith("-" + URI.create(stack.incidentUrl()).getPort() + "-1");
        assertThat(await().atMost(PATIENCE)
                        .until(() -> StackClient.incidentsWithDedupKey(heartbeat), ids -> !ids.isEmpty()))
                .as("the heartbeat that went silent across the restart opened one incident")
                .hasSize(1);
    }

    /** The dedup key when the webhook was answered 202, else {@code null} (refused, or nobody listening). */
    private static String accepted(String routingKey, String payload) {
        try {
            var response = given().auth()
                    .oauth2(routingKey)
                    .contentType(ContentType.JSON)
                    .body(payload)
                    .post(stack.incidentUrl() + "/api/v1/signals/alertmanager");
            return response.statusCode() == 202 ? response.path("dedupKey") : null;
        } catch (Exception connectionRefused) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
