package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.SAMPLE_GROUP_KEY;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.asViewer;
import static io.kizuki.system.StackClient.incidentsWithDedupKey;
import static io.kizuki.system.StackClient.postAlertmanager;
import static io.kizuki.system.StackClient.samplePayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.restassured.http.ContentType;

/** The response lifecycle through incident-service's command API, on the real stack. */
class LifecycleIT {

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
    }

    @Test
    void aDeclaredIncidentGoesThroughTheWholeLifecycleAndClosesOnlyWithAPostmortemAndAPreventionActionItem() {
        String location = asResponder()
                .contentType(ContentType.JSON)
                .body("""
                {"title":"Checkout pages time out for some users","product":"shop","service":"shop-checkout",
                 "severity":"SEV2","summary":"Support reports timeouts since 14:05","commander":"alice"}""")
                .post(incidents())
                .then()
                .statusCode(201)
                .header("ETag", "\"2\"")
                .body("events.type", equalTo(List.of("kizuki.incident.opened.v1", "kizuki.incident.role-assigned.v1")))
                .body("events[0].data.source", equalTo("manual"))
                .extract()
                .header("Location");
        String incidentId = location.substring(location.lastIndexOf('/') + 1);
        String url = incidents() + "/" + incidentId;

        command(url + "/roles", "{\"role\":\"sre\",\"assignee\":\"dan\"}").body("events[0].data.role", equalTo("sre"));
        command(url + "/severity", "{\"severity\":\"sev1\",\"reason\":\"every checkout fails\"}")
                .body("events[0].data.from", equalTo("SEV2"))
                .body("events[0].data.to", equalTo("SEV1"));
        command(url + "/status", "{\"status\":\"identified\",\"note\":\"pool exhausted\"}")
                .body(
                        "events.type",
                        equalTo(List.of("kizuki.incident.acknowledged.v1", "kizuki.incident.status-changed.v1")))
                .body("status", equalTo("IDENTIFIED"));
        command(url + "/timeline", """
                {"kind":"action","action":"rollback","text":"rolled back to 2026.11.21-3",
                 "occurredAt":"2026-11-22T14:20:00Z"}""")
                .body("events[0].data.occurredAt", equalTo("2026-11-22T14:20:00Z"))
                .body("events[0].data.action", equalTo("rollback"));
        command(url + "/changes", "{\"changeId\":\"chg-" + incidentId + "\",\"service\":\"shop-checkout\"}");
        command(url + "/resolve", null).body("status", equalTo("RESOLVED"));

        asResponder()
                .post(url + "/close")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("missing: a published postmortem and a prevention action item"))
                .body("currentStatus", equalTo("RESOLVED"));
        String actionItemId = command(url + "/action-items", """
                {"title":"Load-test the pool size before each release","kind":"prevention","owner":"alice",
                 "dueDate":"2026-12-15"}""").extract().path("events[0].data.actionItemId");
        command(url + "/action-items/" + actionItemId + "/complete", null);
        LearningLoopIT.writeAndPublishPostmortem(url);
        command(url + "/close", null).body("status", equalTo("CLOSED"));
        asResponder()
                .contentType(ContentType.JSON)
                .body("{}")
                .post(url + "/reopen")
                .then()
                .statusCode(409)
                .body("detail", containsString("closed"));

        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incidentId)
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("severity", equalTo("SEV1"))
                .body("commander", equalTo("alice"))
                .body("source", equalTo("manual")));
    }

    @Test
    void aReopenedIncidentTakesTheNewAlertsOfItsGroupAgain() {
        String groupKey = "{}:{reopen=" + UUID.randomUUID() + "}";
        String firing = samplePayload().replace(SAMPLE_GROUP_KEY, groupKey);
        String dedupKey =
                postAlertmanager(firing).then().statusCode(202).extract().path("dedupKey");
        String incidentId = await().atMost(PATIENCE)
                .until(() -> incidentsWithDedupKey(dedupKey), ids -> ids.size() == 1)
                .get(0);
        String url = incidents() + "/" + incidentId;
        command(url + "/resolve", null);

        command(url + "/reopen", "{\"reason\":\"errors are back\"}").body("status", equalTo("TRIGGERED"));
        postAlertmanager(firing.replace("\"fingerprint\": \"", "\"fingerprint\": \"again-"))
                .then()
                .statusCode(202);

        await().atMost(PATIENCE).untilAsserted(() -> asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incidentId)
                .then()
                .body("alerts.size()", equalTo(2))
                .body("status", equalTo("TRIGGERED")));
        assertThat(incidentsWithDedupKey(dedupKey)).containsExactly(incidentId);
    }

    @Test
    void badInputIsRefusedWithEveryFieldAtFaultAndWritesNothing() {
        String incidentId = StackClient.openIncident("bad-input");
        String url = incidents() + "/" + incidentId;

        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"severity\":\"SEV9\"}")
                .post(url + "/severity")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("severity", "reason"));
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"kind\":\"action\",\"text\":\"\"}")
                .post(url + "/timeline")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("action", "text"));
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"title\":\"t\",\"kind\":\"someday\",\"owner\":\"o\"," + "\"dueDate\":\"next week\"}")
                .post(url + "/action-items")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("kind", "dueDate"));
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"status\":\"resolved\"}")
                .post(url + "/status")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
        asResponder()
                .contentType(ContentType.JSON)
                .body("{not json")
                .post(url + "/roles")
                .then()
                .statusCode(400)
                .body("type", startsWith("urn:kizuki:problem:malformed-json"));
        asResponder()
                .contentType(ContentType.TEXT)
                .body("role=sre")
                .post(url + "/roles")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"kind\":\"note\",\"text\":\"" + "x".repeat(70_000) + "\"}")
                .post(url + "/timeline")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        asResponder()
                .contentType(ContentType.JSON)
                .body("{\"title\":\"t\"}")
                .post(incidents())
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("product", "service", "severity"));

        assertThat(asResponder()
                        .header("If-Match", "\"2\"")
                        .post(url + "/acknowledge")
                        .statusCode())
                .as("nothing was written: the incident is still at sequence 2")
                .isEqualTo(200);
    }

    @Test
    void ofTwentyConcurrentConflictingCommandsExactlyOneWins() throws Exception {
        String incidentId = StackClient.openIncident("race");
        String url = incidents() + "/" + incidentId + "/acknowledge";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            racers.add(() -> asResponder().post(url).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(racers)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(19);
    }

    private static io.restassured.response.ValidatableResponse command(String url, String body) {
        var request = asResponder();
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post(url).then().statusCode(200);
    }

    private static String incidents() {
        return stack.incidentUrl() + "/api/v1/incidents";
    }
}
