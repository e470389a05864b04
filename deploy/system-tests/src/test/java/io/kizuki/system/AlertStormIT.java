package io.kizuki.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;
import io.restassured.http.ContentType;

/**
 * An alert storm: one Alertmanager notification of 50,000 alerts (one group) through the real stack. Alertmanager drops
 * a notification answered with any 4xx, so it must be taken whole.
 */
class AlertStormIT {

    private static final int ALERTS = 50_000;
    /** 50,000 alerts take longer than one incident to get through. */
    private static final Duration PATIENCE = StackClient.PATIENCE.multipliedBy(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
    }

    @Test
    void oneWebhookOfFiftyThousandAlertsGivesOneIncidentHoldingEveryAlertOnceAndAnAcknowledgementGoesAheadOfThem()
            throws Exception {
        String groupKey = "{}:{alertname=\"PodCrashLooping\", storm=\"" + UUID.randomUUID() + "\"}";
        byte[] webhook = storm(groupKey, ALERTS);
        assertThat(webhook.length)
                .as("bigger than the 10 MiB the HTTP server took before")
                .isGreaterThan(10 << 20);

        try (var topics = new TopicReader(stack.kafkaBootstrapServers());
                var ledger = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> signalsBefore = topics.signalEndOffsets();
            ledger.follow(ledger.endOffsets(Topics.LEDGER));

            String dedupKey = given().auth()
                    .oauth2(LocalStack.DEV_ROUTING_KEY)
                    .contentType(ContentType.JSON)
                    .body(webhook)
                    .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                    .then()
                    .statusCode(202)
                    .body("accepted", equalTo(ALERTS))
                    .extract()
                    .path("dedupKey");

            Set<String> fingerprints = new HashSet<>();
            int signals = 0;
            for (ConsumerRecord<String, byte[]> record : topics.recordsSince(signalsBefore, Topics.SIGNALS)) {
                assertThat(record.key()).isEqualTo(dedupKey);
                fingerprints.add(
                        JSON.readTree(record.value()).path("fingerprint").asText());
                signals++;
            }
            assertThat(signals).as("every alert on kizuki.signals.v1 once").isEqualTo(ALERTS);
            assertThat(fingerprints).hasSize(ALERTS);

            Set<String> incidents = new HashSet<>();
            Set<String> attached = new HashSet<>();
            AtomicInteger warnings = new AtomicInteger();
            AtomicInteger attachedWhenAcknowledged = new AtomicInteger(-1);
            await().atMost(PATIENCE).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, byte[]> record : ledger.poll()) {
                    String type = header(record, "ce_type");
                    JsonNode data = JSON.readTree(record.value());
                    if (type.equals("kizuki.incident.opened.v1")
                            && dedupKey.equals(data.path("dedupKey").asText())) {
                        incidents.add(record.key());
                        // 200, not 202: decided within seconds although the storm's alerts were written before it
                        StackClient.asResponder()
                                .post(stack.incidentUrl() + "/api/v1/incidents/" + record.key() + "/acknowledge")
                                .then()
                                .statusCode(200);
                    } else if (type.equals("kizuki.incident.acknowledged.v1") && incidents.contains(record.key())) {
                        attachedWhenAcknowledged.set(attached.size());
                    } else if (type.equals("kizuki.incident.alert-attached.v1") && incidents.contains(record.key())) {
                        assertThat(attached.add(data.path("fingerprint").asText()))
                                .as("attached once")
                                .isTrue();
                    } else if (type.equals("kizuki.incident.warning-recorded.v1") && incidents.contains(record.key())) {
                        warnings.incrementAndGet();
                    }
                }
                return attached.size() == ALERTS;
            });
            assertThat(incidents).hasSize(1);
            assertThat(attachedWhenAcknowledged)
                    .as("a person's acknowledgement goes ahead of the storm's backlog on its partition")
                    .hasValueBetween(0, ALERTS / 2);
            assertThat(attached).isEqualTo(fingerprints);
            assertThat(warnings)
                    .as("Alertmanager truncated 14,420 alerts of the group: recorded once")
                    .hasValue(1);

            String incidentId = incidents.iterator().next();
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(2))
                    .until(
                            () -> given().auth()
                                    .oauth2(Keycloak.user("viewer", "viewer"))
                                    .get(stack.reportUrl() + "/api/v1/incidents/" + incidentId)
                                    .then()
                                    .extract()
                                    .jsonPath(),
                            incident -> incident.getLong("alertCount") == ALERTS
                                    && incident.getList("alerts").size() == 100);
        }
    }

    @Test
    void aLargeWebhookWithOneBadAlertIsRefusedWholeNamingIt() throws Exception {
        String groupKey = "{}:{alertname=\"PodCrashLooping\", bad=\"" + UUID.randomUUID() + "\"}";
        String webhook = new String(storm(groupKey, 2_000), StandardCharsets.UTF_8);
        int last = webhook.lastIndexOf("\"status\":\"firing\"");
        byte[] bad = (webhook.substring(0, last) + "\"status\":\"burning\"" + webhook.substring(last + 17))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(bad.length).as("read off the I/O thread, in batches").isGreaterThan(256 * 1024);

        try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> before = topics.signalEndOffsets();
            given().auth()
                    .oauth2(LocalStack.DEV_ROUTING_KEY)
                    .contentType(ContentType.JSON)
                    .body(bad)
                    .post(stack.incidentUrl() + "/api/v1/signals/alertmanager")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("alerts[1999].status"));
            assertThat(topics.signalEndOffsets()).isEqualTo(before);
        }
    }

    /** A webhook as Alertmanager 0.25 writes it: the alerts first, then the group's fields. */
    private static byte[] storm(String groupKey, int alerts) throws Exception {
        StringBuilder body = new StringBuilder(alerts * 420);
        body.append("{\"receiver\":\"kizuki\",\"status\":\"firing\",\"alerts\":[");
        for (int i = 0; i < alerts; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("""
                    {"status":"firing","labels":{"alertname":"PodCrashLooping","namespace":"shop","pod":"checkout-%1$d",\
                    "service":"shop-checkout","severity":"warning"},"annotations":{"summary":"Pod checkout-%1$d is \
                    crash looping","runbook_url":"https://runbooks.example/PodCrashLooping"},\
                    "startsAt":"2026-11-22T03:00:00.000Z","endsAt":"0001-01-01T00:00:00Z",\
                    "generatorURL":"http://prometheus.example:9090/graph?g0.expr=kube_pod_restarts&g0.tab=1",\
                    "fingerprint":"%2$016x"}""".formatted(i, 0x5000_0000L + i));
        }
        body.append("],\"groupLabels\":{\"alertname\":\"PodCrashLooping\"},\"commonLabels\":{\"alertname\":")
                .append("\"PodCrashLooping\"},\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager:9093\",")
                .append("\"version\":\"4\",\"groupKey\":")
                .append(JSON.writeValueAsString(groupKey))
                .append(",\"truncatedAlerts\":14420}");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
