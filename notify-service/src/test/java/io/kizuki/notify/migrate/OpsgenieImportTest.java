package io.kizuki.notify.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.notify.migrate.ConfigImport.Change;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.Rotations;

class OpsgenieImportTest {

    private static final Instant NOW = Samples.NOW;
    private static final Map<String, String> PEOPLE = Map.of(
            "4513b7ea-3b91-438f-b7e4-e3e54af9147c", "alice",
            "b5b92115-bfe7-43eb-8c2a-e467f2e5ddc4", "og-b5b92115",
            "e07c63f0-dd8c-4ad4-983e-4ee7dc600463", "og-e07c63f0",
            "f2a1e7c4-6d1b-4c53-9a8b-0f6a2c3d4e5f", "og-f2a1e7c4");

    private static SourceResponses recorded() {
        return Samples.recorded("opsgenie");
    }

    private static ConfigImport.Plan planOnTheSample() throws Exception {
        return Samples.planOnTheSample("opsgenie", OpsgenieImport::translate);
    }

    @Test
    void whoIsOnCallInEachRotationAfterTheImportIsWhoOpsgenieSaysAcrossTheEndOfSummerTimeAndRestrictedHours()
            throws Exception {
        OnCallConfig imported = ConfigLoader.parse(planOnTheSample().yaml()).config();
        int compared = 0;
        int onCall = 0;
        for (JsonNode schedule : recorded().items("/v2/schedules", "data")) {
            String id = schedule.path("id").asText();
            List<JsonNode> overrides = recorded().items("/v2/schedules/" + id + "/overrides", "data");
            for (JsonNode rotation : schedule.path("rotations")) {
                OnCallConfig.Schedule kizuki = imported.schedules()
                        .get(OpsgenieImport.rotationId(id, rotation.path("id").asText()));
                if (kizuki == null) {
                    continue;
                }
                ZoneId zone = ZoneId.of(schedule.path("timezone").asText());
                for (Instant at = Instant.parse("2026-10-12T00:00:00Z");
                        at.isBefore(Instant.parse("2026-11-09T00:00:00Z"));
                        at = at.plus(Duration.ofMinutes(15))) {
                    Optional<String> expected =
                            opsgenieOnCall(rotation, overrides, zone, at).map(PEOPLE::get);
                    assertThat(Rotations.onCall(kizuki, at))
                            .as("%s / %s at %s", schedule.path("name").asText(), rotation.path("name"), at)
                            .isEqualTo(expected);
                    onCall += expected.isPresent() ? 1 : 0;
                }
                compared++;
            }
        }
        // Days, Nights, Weekend, Business hours: four rotations compared, with people on call and gaps
        assertThat(compared).isEqualTo(4);
        assertThat(onCall).isBetween(2_688 + 100, 3 * 2_688);
    }

    @Test
    void makesARotationAScheduleAndATeamAProductAndListsWhatItLeftOutWithItsReason() throws Exception {
        ConfigImport.Plan plan = planOnTheSample();
        OnCallConfig config = ConfigLoader.parse(plan.yaml()).config();
        assertThat(plan.changes())
                .contains(
                        new Change("person", "alice", "unchanged"),
                        new Change("person", "og-b5b92115", "created"),
                        new Change("schedule", "og-d875e654-a3f1c2d4", "created"),
                        new Change("escalation policy", "og-9a4e5f6b", "created"),
                        new Change("routing rule", "product shop", "created"));
        assertThat(config.people().get("og-b5b92115").sms()).isEqualTo("+819012345678");
        assertThat(config.people().get("og-b5b92115").language()).isEqualTo("ja");
        assertThat(config.people().get("og-b5b92115").rules().high())
                .as("the steps of the rule for new alerts, for every priority")
                .containsExactly(
                        new OnCallConfig.Step("sms", Duration.ZERO),
                        new OnCallConfig.Step("voice", Duration.ofMinutes(5)))
                .isEqualTo(config.people().get("og-b5b92115").rules().low());
        OnCallConfig.Policy shop = config.policies().get("og-9a4e5f6b");
        assertThat(shop.repeat()).isEqualTo(2);
        assertThat(shop.levels()).hasSize(2);
        assertThat(shop.levels().get(0).timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(shop.levels().get(0).targets())
                .extracting(OnCallConfig.Target::schedule)
                .containsExactly("og-d875e654-a3f1c2d4", "og-d875e654-b7e2d3c5", "og-d875e654-c4d5e6f7");
        assertThat(shop.levels().get(1).timeout()).as("the repeat's wait").isEqualTo(Duration.ofMinutes(20));
        assertThat(config.routing().rules().getFirst().product()).containsExactly("shop");
        assertThat(config.policies().get("og-7b8c9d0e").levels().get(1).targets())
                .as("the next on call of the search rotation, five minutes on")
                .containsExactly(new OnCallConfig.Target("og-3c1e9b2a-c9d8e7f6", null, null, null, "next"));
        assertThat(plan.leftOut())
                .extracting(note -> note.object() + ": " + note.reason())
                .contains(
                        "schedule search_business_hours, rotation Legacy: has a participant of type none (Kizuki "
                                + "rotates people): the turns would change",
                        "schedule search_business_hours, rotation Old: ended at 2026-09-01T00:00:00Z",
                        "user Noah Ito, the Opsgenie app: Kizuki pushes through ntfy: give the person a push topic",
                        "user 佐藤 健二, notification step by mobile: the Opsgenie app: Kizuki pushes through ntfy",
                        "user 佐藤 健二, notification rule On-call starts: is for schedule-start: Kizuki's rules are for "
                                + "pages (hand-offs: handOffs)",
                        "escalation Shop escalation, rule for Shop: notifies a team: Kizuki pages schedules and people",
                        "team Shop, routing rule P1 only: routes by conditions or times: Kizuki routes by product, "
                                + "service, severity, class",
                        "team Search, routing rule Default: notifies a schedule: give it an escalation",
                        "integration Default API: of a kind Kizuki does not receive (API): point its sender at "
                                + "another format");
        assertThat(plan.senders())
                .contains(new Translation.Sender(
                        null,
                        "shop",
                        "Prometheus",
                        "Prometheus",
                        "/api/v1/signals/alertmanager (Prometheus Alertmanager)"));
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        String applied = planOnTheSample().yaml();
        ConfigImport.Plan again = ConfigImport.plan(Optional.of(applied), OpsgenieImport.translate(recorded(), NOW));
        assertThat(again.changesAnything()).as("%s", again.changes()).isFalse();
        assertThat(again.yaml()).isEqualTo(applied);
    }

    /**
     * Who Opsgenie has on call in one rotation, read from the rotation as its API documents it, independently of
     * Kizuki: an override for the rotation (or for all of them) covering the instant, else, within the rotation's
     * dates and time restriction, the participant whose turn it is counting from its start date.
     */
    private static Optional<String> opsgenieOnCall(
            JsonNode rotation, List<JsonNode> overrides, ZoneId zone, Instant at) {
        for (JsonNode override : overrides.reversed()) {
            boolean forThis = override.path("rotations").isEmpty();
            for (JsonNode only : override.path("rotations")) {
                forThis |= only.path("id").asText().equals(rotation.path("id").asText());
            }
            if (forThis
                    && !at.isBefore(Instant.parse(override.path("startDate").asText()))
                    && at.isBefore(Instant.parse(override.path("endDate").asText()))) {
                return Optional.of(override.path("user").path("id").asText());
            }
        }
        Instant start = Instant.parse(rotation.path("startDate").asText());
        if (at.isBefore(start)
                || (rotation.has("endDate")
                        && !at.isBefore(Instant.parse(rotation.path("endDate").asText())))
                || !withinRestriction(rotation.path("timeRestriction"), zone, at)) {
            return Optional.empty();
        }
        LocalDateTime local = OffsetDateTime.ofInstant(start, zone).toLocalDateTime();
        int length = rotation.path("length").asInt();
        long turn = 0;
        while (!turnStart(rotation.path("type").asText(), length, local, zone, start, turn + 1)
                .isAfter(at)) {
            turn++;
        }
        JsonNode participants = rotation.path("participants");
        return Optional.of(
                participants.get((int) (turn % participants.size())).path("id").asText());
    }

    private static Instant turnStart(String type, int length, LocalDateTime local, ZoneId zone, Instant start, long k) {
        return switch (type) {
            case "daily" -> local.plusDays(length * k).atZone(zone).toInstant();
            case "weekly" -> local.plusWeeks(length * k).atZone(zone).toInstant();
            default -> start.plus(Duration.ofHours(length * k));
        };
    }

    private static boolean withinRestriction(JsonNode restriction, ZoneId zone, Instant at) {
        if (restriction.isMissingNode() || restriction.isNull()) {
            return true;
        }
        LocalDateTime local = at.atZone(zone).toLocalDateTime();
        List<JsonNode> windows = restriction.path("type").asText().equals("time-of-day")
                ? List.of(restriction.path("restriction"))
                : List.copyOf(restriction.path("restrictions").valueStream().toList());
        for (JsonNode window : windows) {
            LocalTime from = LocalTime.of(
                    window.path("startHour").asInt(), window.path("startMin").asInt());
            LocalTime until = LocalTime.of(
                    window.path("endHour").asInt(), window.path("endMin").asInt());
            for (int back = 0; back <= 7; back++) {
                LocalDateTime begins = local.toLocalDate().minusDays(back).atTime(from);
                LocalDateTime ends;
                if (window.has("startDay")) {
                    if (begins.getDayOfWeek()
                            != DayOfWeek.valueOf(
                                    window.path("startDay").asText().toUpperCase(Locale.ROOT))) {
                        continue;
                    }
                    DayOfWeek endDay =
                            DayOfWeek.valueOf(window.path("endDay").asText().toUpperCase(Locale.ROOT));
                    ends = begins.toLocalDate().atTime(until);
                    while (ends.getDayOfWeek() != endDay || !ends.isAfter(begins)) {
                        ends = ends.plusDays(1);
                    }
                } else {
                    ends = begins.toLocalDate().atTime(until);
                    if (!ends.isAfter(begins)) {
                        ends = ends.plusDays(1);
                    }
                }
                if (!at.isBefore(begins.atZone(zone).toInstant())
                        && at.isBefore(ends.atZone(zone).toInstant())) {
                    return true;
                }
            }
        }
        return false;
    }
}
