package io.kizuki.report.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.web.Problem;

/** MTTA and MTTR under definitions other than the current one, from an incident's ledger events. */
class MetricDefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Friday 17:00 in Tokyo. */
    private static final Instant OPENED = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void measuresFromTheFirstPageAndToMitigationWhenDefinedSo() {
        IncidentTimes times = times(
                "alertmanager",
                new ResponderPaged(
                        "inc-1", "shop", "p-1", "pat", "Asia/Tokyo", "email", 1, "n", OPENED.plusSeconds(30)),
                new IncidentAcknowledged("inc-1", "user:pat", OPENED.plusSeconds(90)),
                new StatusChanged(
                        "inc-1",
                        IncidentStatus.ACKNOWLEDGED,
                        IncidentStatus.MONITORING,
                        null,
                        "user:pat",
                        OPENED.plus(Duration.ofMinutes(10))),
                new IncidentResolved("inc-1", "user:pat", IncidentResolved.MANUAL, OPENED.plus(Duration.ofHours(1))));
        MetricDefinition other = definition("{\"acknowledgeFrom\": \"first-page\", \"resolveAt\": \"mitigated\"}");

        assertThat(MetricDefinition.CURRENT.toAcknowledge(times)).contains(90.0);
        assertThat(MetricDefinition.CURRENT.toResolve(times)).contains(3600.0);
        assertThat(other.toAcknowledge(times)).contains(60.0);
        assertThat(other.toResolve(times)).contains(600.0);
    }

    @Test
    void countsOnlyTheBusinessHoursBetweenFridayEveningAndMondayMorning() {
        // acknowledged on Monday at 10:00 in Tokyo: Friday 17:00–18:00 and Monday 09:00–10:00 are business hours
        IncidentTimes times = times(
                "alertmanager", new IncidentAcknowledged("inc-1", "user:pat", Instant.parse("2026-11-30T01:00:00Z")));
        MetricDefinition office = definition(
                "{\"businessHours\": {\"timeZone\": \"Asia/Tokyo\", \"start\": \"09:00\", \"end\": \"18:00\"}}");

        assertThat(office.toAcknowledge(times)).contains(7200.0);
        assertThat(MetricDefinition.CURRENT.toAcknowledge(times)).contains(3 * 86400.0 - 7 * 3600.0);
    }

    @Test
    void leavesDeclaredIncidentsOutWhenDefinedSoAndMeasuresLikePostgres() {
        MetricDefinition withoutDeclared = definition("{\"excludeDeclared\": true}");
        List<IncidentTimes> incidents = List.of(
                times("alertmanager", new IncidentAcknowledged("inc-1", "user:pat", OPENED.plusSeconds(10))),
                times(IncidentOpened.MANUAL, new IncidentAcknowledged("inc-1", "user:pat", OPENED.plusSeconds(20))),
                times("alertmanager", new IncidentAcknowledged("inc-1", "user:pat", OPENED.plusSeconds(30))),
                times("alertmanager", new IncidentAcknowledged("inc-1", "user:pat", OPENED.plusSeconds(40))));

        var current = Recomputation.measure(MetricDefinition.CURRENT, incidents);
        var other = Recomputation.measure(withoutDeclared, incidents);

        assertThat(current.incidents()).isEqualTo(4);
        assertThat(current.timeToAcknowledge().medianSeconds()).isEqualTo(25.0);
        assertThat(current.timeToAcknowledge().p90Seconds()).isCloseTo(37.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(other.incidents()).isEqualTo(3);
        assertThat(other.timeToAcknowledge().meanSeconds()).isEqualTo(80.0 / 3);
    }

    @Test
    void namesEveryWrongField() {
        List<Problem.FieldError> errors = new ArrayList<>();
        MetricDefinition.parse(
                "x",
                1,
                json("{\"acknowledgeFrom\": \"paged\", \"resolveAt\": \"done\", \"excludeDeclared\": \"yes\", "
                        + "\"businessHours\": {\"timeZone\": \"Mars/Olympus\", \"start\": \"18:00\", \"end\": \"09:00\", "
                        + "\"days\": [\"FUNDAY\"]}, \"colour\": \"red\"}"),
                errors);

        assertThat(errors)
                .extracting(Problem.FieldError::field)
                .containsExactlyInAnyOrder(
                        "colour",
                        "acknowledgeFrom",
                        "resolveAt",
                        "excludeDeclared",
                        "businessHours.timeZone",
                        "businessHours.end",
                        "businessHours.days[0]");
    }

    private static IncidentTimes times(String source, io.kizuki.ledger.event.IncidentEvent... events) {
        IncidentTimes times = IncidentTimes.evolve(
                null,
                new IncidentOpened(
                        "inc-1",
                        "Checkout down",
                        "shop",
                        "checkout",
                        Severity.SEV2,
                        "dk",
                        source,
                        "s-1",
                        OPENED,
                        null,
                        "service-down",
                        List.of(),
                        null));
        for (var event : events) {
            times = IncidentTimes.evolve(times, event);
        }
        return times;
    }

    private static MetricDefinition definition(String body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        MetricDefinition definition = MetricDefinition.parse("other", 1, json(body), errors);
        assertThat(errors).isEmpty();
        return definition;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
