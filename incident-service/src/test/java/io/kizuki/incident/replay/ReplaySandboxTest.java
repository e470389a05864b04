package io.kizuki.incident.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.incident.domain.IncidentIds;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem;

/** Draft rules against recorded signals: what each rule changes, and how a wrong rule is named. */
class ReplaySandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
    private static final IncidentServiceConfig.Classification TODAY = new IncidentServiceConfig.Classification() {
        @Override
        public String serviceDown() {
            return "\\bdown\\b";
        }

        @Override
        public String latency() {
            return "latenc|slow";
        }

        @Override
        public String errorRate() {
            return "error";
        }

        @Override
        public String saturation() {
            return "disk|cpu";
        }
    };

    @Test
    void groupingByAlertnameMergesTheIncidentsOfTwoAlertmanagerGroups() {
        var sandbox = sandbox("{\"grouping\": {\"by\": [\"alertname\"]}}");
        sandbox.signal(signal("s1", "group-1", "fp-1", "DiskFull", "db-1"), IncidentIds.FIRST);
        sandbox.signal(signal("s2", "group-2", "fp-2", "DiskFull", "db-2"), IncidentIds.FIRST);
        sandbox.signal(signal("s3", "group-3", "fp-3", "HighLatency", "web-1"), IncidentIds.FIRST);

        String first = IncidentIds.FIRST.forOpening("s1");
        String second = IncidentIds.FIRST.forOpening("s2");
        assertThat(sandbox.outcomes())
                .containsExactly(
                        Map.entry(first, "kept"),
                        Map.entry(second, "merged"),
                        Map.entry(IncidentIds.FIRST.forOpening("s3"), "kept"));
        var result = sandbox.result();
        assertThat(result.actual().incidents()).isEqualTo(3);
        assertThat(result.draft().incidents()).isEqualTo(2);
        assertThat(result.pagesNotSent()).isEqualTo(1);
        assertThat(result.examples()).singleElement().satisfies(example -> {
            assertThat(example.outcome()).isEqualTo("merged");
            assertThat(example.incidentId()).isEqualTo(second);
            assertThat(example.draftIncidentId()).isEqualTo("draft-s1");
        });
    }

    @Test
    void groupingByInstanceSplitsAnIncidentWhoseAlertsCameFromTwoInstances() {
        var sandbox = sandbox("{\"grouping\": {\"by\": [\"instance\"]}}");
        sandbox.signal(signal("s1", "group-1", "fp-1", "DiskFull", "db-1"), IncidentIds.FIRST);
        sandbox.signal(signal("s2", "group-1", "fp-2", "DiskFull", "db-2"), IncidentIds.FIRST);

        assertThat(sandbox.outcomes()).containsExactly(Map.entry(IncidentIds.FIRST.forOpening("s1"), "split"));
        var result = sandbox.result();
        assertThat(result.incidents()).containsEntry("split", 1L).containsEntry("new", 1L);
        assertThat(result.pagesAdded()).isEqualTo(1);
    }

    @Test
    void aDraftSilenceSuppressesTheIncidentsItsSignalsOpenedAndCountsThePagesNotSent() {
        var sandbox = sandbox("{\"silences\": [{\"service\": \"db-2\", \"startsAt\": \"2026-12-05T00:00:00Z\", "
                + "\"endsAt\": \"2026-12-06T00:00:00Z\"}]}");
        sandbox.signal(signal("s1", "group-1", "fp-1", "DiskFull", "db-1"), IncidentIds.FIRST);
        sandbox.signal(signal("s2", "group-2", "fp-2", "DiskFull", "db-2"), IncidentIds.FIRST);

        var result = sandbox.result();
        assertThat(result.incidents()).containsEntry("kept", 1L).containsEntry("suppressed", 1L);
        assertThat(result.draft().silenced()).isEqualTo(1);
        assertThat(result.pagesNotSent()).isEqualTo(1);
        assertThat(result.rows())
                .extracting(ReplayResult.Row::service, ReplayResult.Row::actual, ReplayResult.Row::draft)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("db-1", 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple("db-2", 1L, 0L));
    }

    @Test
    void classificationAndSeverityRulesChangeTheCountsNotTheIncidents() {
        var sandbox = sandbox("{\"classification\": {\"latency\": \"Disk\"}, "
                + "\"severity\": {\"label\": \"severity\", \"map\": {\"warning\": \"SEV4\"}}}");
        sandbox.signal(signal("s1", "group-1", "fp-1", "DiskFull", "db-1"), IncidentIds.FIRST);

        var result = sandbox.result();
        assertThat(result.incidents()).containsEntry("kept", 1L);
        assertThat(result.actual().severities()).containsExactly(Map.entry(Severity.SEV2, 1L));
        assertThat(result.draft().severities()).containsExactly(Map.entry(Severity.SEV4, 1L));
        assertThat(result.rows())
                .extracting(ReplayResult.Row::signalClass, ReplayResult.Row::actual, ReplayResult.Row::draft)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("saturation", 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple("latency", 0L, 1L));
    }

    @Test
    void namesEveryWrongRuleAPatternThatDoesNotCompileFirst() {
        List<Problem.FieldError> errors = new ArrayList<>();
        ReplayRules.parse(
                json("{\"classification\": {\"latency\": \"(unclosed\", \"slowness\": \"x\"}, "
                        + "\"grouping\": {\"by\": []}, \"severity\": {\"label\": \"severity\", \"map\": {\"x\": \"P1\"}}, "
                        + "\"silences\": [{\"endsAt\": \"never\"}], \"paging\": {}}"),
                "shop",
                TODAY,
                T0,
                errors);

        assertThat(errors)
                .extracting(Problem.FieldError::field)
                .containsExactlyInAnyOrder(
                        "rules.paging",
                        "rules.grouping.by",
                        "rules.classification.latency",
                        "rules.classification.slowness",
                        "rules.severity.map.x",
                        "rules.silences[0].startsAt",
                        "rules.silences[0].endsAt");
        assertThat(errors)
                .filteredOn(error -> error.field().equals("rules.classification.latency"))
                .singleElement()
                .extracting(Problem.FieldError::detail)
                .asString()
                .startsWith("does not compile");
    }

    private static ReplaySandbox sandbox(String rules) {
        List<Problem.FieldError> errors = new ArrayList<>();
        ReplayRules parsed = ReplayRules.parse(json(rules), "shop", TODAY, T0, errors);
        assertThat(errors).isEmpty();
        return new ReplaySandbox(parsed);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SignalReceived signal(
            String signalId, String group, String fingerprint, String alertname, String instance) {
        return new SignalReceived(
                signalId,
                "alertmanager",
                "alertmanager:" + group,
                fingerprint,
                SignalReceived.FIRING,
                alertname + " on " + instance,
                "shop",
                instance,
                Severity.SEV2,
                Map.of("alertname", alertname, "instance", instance, "severity", "warning"),
                Map.of(),
                T0,
                null,
                T0.plusSeconds(60),
                null,
                "integration:test",
                alertname.startsWith("Disk") ? "saturation" : "latency",
                List.of(),
                List.of());
    }
}
