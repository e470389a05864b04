package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.restassured.http.ContentType;

/**
 * Time travel beyond one incident: its timeline, the on-call burden and the knowledge feed each answer as they stood
 * at an instant, from the ledger's events, with the same authorization.
 */
class TimeTravelIT {

    private static LocalStack stack;
    private static String incident;
    private static Instant beforeOpening;
    private static Instant acknowledged;
    private static Instant beforePublishing;

    @BeforeAll
    static void workAndPublishAnIncident() {
        stack = SharedStack.get();
        beforeOpening = Instant.now().minusMillis(500);
        incident = StackClient.openIncident("time-travel");
        String url = stack.incidentUrl() + "/api/v1/incidents/" + incident;
        asResponder().post(url + "/acknowledge").then().statusCode(200);
        acknowledged = Instant.now();
        asResponder()
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "note", "text", "after the acknowledgement"))
                .post(url + "/timeline")
                .then()
                .statusCode(200);
        asResponder().post(url + "/resolve").then().statusCode(200);
        beforePublishing = Instant.now();
        LearningLoopIT.writeAndPublishPostmortem(url);
        await().atMost(PATIENCE).until(() -> asViewer()
                .get(stack.reportUrl() + "/api/v1/knowledge/feed.json")
                .asString()
                .contains("urn:kizuki:postmortem:" + incident));
    }

    @Test
    void theTimelineAsItStoodHoldsWhatWasRecordedUntilThen() {
        List<String> then = asViewer()
                .queryParam("asOf", acknowledged.toString())
                .get(stack.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("kind", String.class);
        List<String> now = asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("kind", String.class);

        assertThat(then).contains("opened", "status").doesNotContain("note", "postmortem");
        assertThat(now).contains("note", "postmortem").hasSizeGreaterThan(then.size());
        asViewer()
                .queryParam("asOf", beforeOpening.toString())
                .get(stack.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        asViewer()
                .queryParam("asOf", "yesterday")
                .get(stack.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theKnowledgeFeedAndTheAdoptionBoardAsTheyStoodBeforeThePostmortemWasPublished() {
        String item = "urn:kizuki:postmortem:" + incident;
        assertThat(asViewer()
                        .queryParam("asOf", beforePublishing.toString())
                        .get(stack.reportUrl() + "/api/v1/knowledge/feed.json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(item);
        assertThat(asViewer()
                        .queryParam("asOf", Instant.now().toString())
                        .get(stack.reportUrl() + "/api/v1/knowledge/feed.atom")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains(item);
        asViewer()
                .queryParam("asOf", beforePublishing.toString())
                .get(stack.reportUrl() + "/api/v1/knowledge/adoption")
                .then()
                .statusCode(200);
    }

    @Test
    void theBurdenAsItStoodCountsOnlyThePagesSentUntilThen() {
        await().atMost(PATIENCE).until(() -> pages(null) > pages(beforeOpening));
    }

    private static long pages(Instant asOf) {
        var request = asViewer();
        if (asOf != null) {
            request = request.queryParam("asOf", asOf.toString());
        }
        return request
                .get(stack.reportUrl() + "/api/v1/oncall/burden")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("pages", Long.class)
                .stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}
