package io.kizuki.notify.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.notify.migrate.ConfigImport.Change;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.Rotations;

class PagerDutyImportTest {

    private static final Instant NOW = Samples.NOW;

    private static SourceResponses recorded() {
        return Samples.recorded("pagerduty");
    }

    private static ConfigImport.Plan planOnTheSample() throws Exception {
        return Samples.planOnTheSample("pagerduty", PagerDutyImport::translate);
    }

    @Test
    void whoIsOnCallAfterTheImportIsWhoPagerDutySaysOverWeeksAcrossTheEndOfSummerTimeAndRestrictedHours()
            throws Exception {
        OnCallConfig imported = ConfigLoader.parse(planOnTheSample().yaml()).config();
        Map<String, String> people =
                Map.of("PALICE1", "alice", "PKENJI1", "pd-pkenji1", "PMIA001", "pd-pmia001", "PNOAH01", "pd-pnoah01");
        int onCall = 0;
        for (String id : List.of("PSHOP01", "PSRCH01")) {
            JsonNode schedule = recorded().at("/schedules/" + id).getFirst().path("schedule");
            List<JsonNode> overrides = recorded().items("/schedules/" + id + "/overrides", "overrides");
            OnCallConfig.Schedule kizuki = imported.schedules().get(PagerDutyImport.id(id));
            // four weeks, Europe/Berlin's summer time ending on 2026-10-25, every quarter of an hour
            for (Instant at = Instant.parse("2026-10-12T00:00:00Z");
                    at.isBefore(Instant.parse("2026-11-09T00:00:00Z"));
                    at = at.plus(Duration.ofMinutes(15))) {
                Optional<String> expected =
                        pagerDutyOnCall(schedule, overrides, at).map(people::get);
                assertThat(Rotations.onCall(kizuki, at)).as("%s at %s", id, at).isEqualTo(expected);
                onCall += expected.isPresent() ? 1 : 0;
            }
        }
        // the check means something: people were on call, and the restricted schedule had nobody at times
        assertThat(onCall).isBetween(2_688 + 100, 2 * 2_688 - 100);
    }

    @Test
    void matchesPeopleByEmailAndListsWhatItLeftOutWithItsReason() throws Exception {
        ConfigImport.Plan plan = planOnTheSample();
        assertThat(plan.changes())
                .contains(
                        new Change("person", "alice", "changed"),
                        new Change("person", "pd-pkenji1", "created"),
                        new Change("schedule", "pd-pshop01", "created"),
                        new Change("escalation policy", "pd-pepshop", "created"),
                        new Change("routing rule", "shop-checkout", "created"));
        OnCallConfig config = ConfigLoader.parse(plan.yaml()).config();
        assertThat(config.people().get("pd-pkenji1").sms()).isEqualTo("+819012345678");
        assertThat(config.people().get("pd-pkenji1").rules().high())
                .containsExactly(
                        new OnCallConfig.Step("sms", Duration.ZERO),
                        new OnCallConfig.Step("voice", Duration.ofMinutes(5)));
        assertThat(config.people().get("alice").slack())
                .as("what alice had stays")
                .isNotNull();
        assertThat(config.policies().get("pd-pepshop").repeat()).isEqualTo(2);
        assertThat(config.routing().rules().getFirst().service()).containsExactly("shop-checkout");
        assertThat(config.routing().rules().getFirst().policy()).isEqualTo("pd-pepshop");
        assertThat(plan.leftOut())
                .extracting(Translation.Note::object)
                .contains(
                        "schedule Shop primary, layer Old rotation",
                        "user Noah Ito, push to iPhone",
                        "escalation policy Search, target PGONE01",
                        "service legacy-batch",
                        "service search-api, integration Email");
        assertThat(plan.senders())
                .contains(new Translation.Sender(
                        "shop-checkout",
                        "shop",
                        "Prometheus",
                        "events_api_v2_inbound_integration",
                        "/v2/enqueue (PagerDuty Events API v2)"));
    }

    @Test
    void aSecondRunChangesOnlyWhatChangedAtTheSource() throws Exception {
        String applied = planOnTheSample().yaml();
        ConfigImport.Plan again = ConfigImport.plan(Optional.of(applied), PagerDutyImport.translate(recorded(), NOW));
        assertThat(again.changesAnything()).as("%s", again.changes()).isFalse();
        assertThat(again.yaml()).isEqualTo(applied);

        List<SourceResponses.Response> changed = new ArrayList<>();
        for (SourceResponses.Response response : recorded().responses()) {
            if (response.path().equals("/escalation_policies")) {
                ((ObjectNode) response.body()
                                .path("escalation_policies")
                                .get(1)
                                .path("escalation_rules")
                                .get(0))
                        .put("escalation_delay_in_minutes", 20);
            }
            changed.add(response);
        }
        ConfigImport.Plan third =
                ConfigImport.plan(Optional.of(applied), PagerDutyImport.translate(new SourceResponses(changed), NOW));
        assertThat(third.changes())
                .filteredOn(change -> !change.action().equals("unchanged"))
                .containsExactly(new Change("escalation policy", "pd-pepsrch", "changed"));
    }

    @Test
    void carriesTextsOfTheSourceWithoutTheirControlCharactersAndPlansTwiceAlikeFromOneTranslation() throws Exception {
        List<SourceResponses.Response> hostile = new ArrayList<>();
        for (SourceResponses.Response response : recorded().responses()) {
            if (response.path().equals("/users")
                    && response.body().path("offset").asInt() == 0) {
                ((ObjectNode) response.body().path("users").get(1)).put("name", "Kenji\u001b[31m Sato\r\nrm -rf");
                ((ObjectNode) response.body()
                                .path("users")
                                .get(1)
                                .path("contact_methods")
                                .get(1))
                        .put("address", "12");
            }
            hostile.add(response);
        }
        Translation translation = PagerDutyImport.translate(new SourceResponses(hostile), NOW);
        ConfigImport.Plan first = ConfigImport.plan(Optional.empty(), translation);
        ConfigImport.Plan second = ConfigImport.plan(Optional.empty(), translation);
        assertThat(second).isEqualTo(first);
        OnCallConfig config = ConfigLoader.parse(first.yaml()).config();
        assertThat(config.people().get("pd-pkenji1").name()).isEqualTo("Kenji [31m Sato  rm -rf");
        assertThat(config.people().get("pd-pkenji1").sms())
                .as("+8112 is no phone number")
                .isNull();
        assertThat(first.leftOut())
                .contains(new Translation.Note(
                        "user Kenji [31m Sato  rm -rf, sms Mobile", "is no phone number in E.164 form"));
        assertThat(config.routing().defaultPolicy()).isEqualTo("pd-pepshop");
    }

    /**
     * Who PagerDuty has on call, read from its schedule as its API documents it, independently of Kizuki: an override
     * covering the instant, else the first layer (the API lists the highest first) that is under way, within one of
     * its restrictions, and whose turn it is counting from its rotation's virtual start.
     */
    private static Optional<String> pagerDutyOnCall(JsonNode schedule, List<JsonNode> overrides, Instant at) {
        for (JsonNode override : overrides.reversed()) {
            if (!at.isBefore(OffsetDateTime.parse(override.path("start").asText())
                            .toInstant())
                    && at.isBefore(
                            OffsetDateTime.parse(override.path("end").asText()).toInstant())) {
                return Optional.of(override.path("user").path("id").asText());
            }
        }
        ZoneId zone = ZoneId.of(schedule.path("time_zone").asText());
        for (JsonNode layer : schedule.path("schedule_layers")) {
            Instant start = OffsetDateTime.parse(layer.path("start").asText()).toInstant();
            boolean ended = !layer.path("end").isNull()
                    && !at.isBefore(
                            OffsetDateTime.parse(layer.path("end").asText()).toInstant());
            if (at.isBefore(start) || ended || !withinRestrictions(layer.path("restrictions"), zone, at)) {
                continue;
            }
            LocalDateTime virtualStart = OffsetDateTime.parse(
                            layer.path("rotation_virtual_start").asText())
                    .atZoneSameInstant(zone)
                    .toLocalDateTime();
            long seconds = layer.path("rotation_turn_length_seconds").asLong();
            long turn = 0;
            while (!next(virtualStart, zone, seconds, turn + 1).isAfter(at)) {
                turn++;
            }
            JsonNode users = layer.path("users");
            return Optional.of(users.get((int) (turn % users.size()))
                    .path("user")
                    .path("id")
                    .asText());
        }
        return Optional.empty();
    }

    /** When turn k begins: whole days at the same local time, anything else exactly so many seconds on. */
    private static Instant next(LocalDateTime virtualStart, ZoneId zone, long seconds, long turn) {
        return seconds % 86_400 == 0
                ? virtualStart.plusDays(seconds / 86_400 * turn).atZone(zone).toInstant()
                : virtualStart.atZone(zone).toInstant().plusSeconds(seconds * turn);
    }

    private static boolean withinRestrictions(JsonNode restrictions, ZoneId zone, Instant at) {
        if (restrictions.isEmpty()) {
            return true;
        }
        LocalDateTime local = at.atZone(zone).toLocalDateTime();
        for (JsonNode restriction : restrictions) {
            LocalTime from =
                    LocalTime.parse(restriction.path("start_time_of_day").asText());
            long seconds = restriction.path("duration_seconds").asLong();
            for (int back = 0; back <= 7; back++) {
                LocalDateTime begins = local.toLocalDate().minusDays(back).atTime(from);
                boolean day = !restriction.path("type").asText().equals("weekly_restriction")
                        || begins.getDayOfWeek().getValue()
                                == restriction.path("start_day_of_week").asInt();
                if (day
                        && !at.isBefore(begins.atZone(zone).toInstant())
                        && at.isBefore(begins.plusSeconds(seconds).atZone(zone).toInstant())) {
                    return true;
                }
            }
        }
        return false;
    }
}
