package io.kizuki.notify.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.notify.migrate.ConfigImport.Change;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.Rotations;

class GrafanaOnCallImportTest {

    private static final Instant NOW = Samples.NOW;
    private static final List<String> DAYS = List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");
    private static final Map<String, String> PEOPLE = Map.of(
            "U4DNY931HHJS5", "alice",
            "UKENJ1SAT0KYO", "go-ukenj1sat0kyo",
            "UMIAMULLER0DE", "go-umiamuller0de",
            "UN0AH1T0TKY0J", "go-un0ah1t0tky0j");

    /** One event of a shift: who is on call from when until when. */
    private record Event(String user, Instant start, Instant end) {}

    private static SourceResponses recorded() {
        return Samples.recorded("grafana-oncall");
    }

    private static ConfigImport.Plan planOnTheSample() throws Exception {
        return Samples.planOnTheSample("grafana-oncall", GrafanaOnCallImport::translate);
    }

    @Test
    void whoIsOnCallAfterTheImportIsWhoGrafanaOnCallsShiftsSayAcrossTheEndOfSummerTimeByLevel() throws Exception {
        OnCallConfig imported = ConfigLoader.parse(planOnTheSample().yaml()).config();
        OnCallConfig.Schedule kizuki = imported.schedules().get("go-sbm7dv7bkfuyu");
        List<JsonNode> shifts = recorded().items("/api/v1/on_call_shifts", "results").stream()
                .filter(shift -> shift.path("schedule").asText().equals("SBM7DV7BKFUYU"))
                .toList();
        Instant from = Instant.parse("2026-10-12T00:00:00Z");
        Instant to = Instant.parse("2026-11-09T00:00:00Z");
        List<Event> desk = events(
                shifts.stream()
                        .filter(shift -> shift.path("level").asInt() == 2)
                        .findFirst()
                        .orElseThrow(),
                to);
        int levelTwo = 0;
        for (Instant at = from; at.isBefore(to); at = at.plus(Duration.ofMinutes(15))) {
            Optional<String> expected = grafanaOnCall(shifts, to, at).map(PEOPLE::get);
            assertThat(Rotations.onCall(kizuki, at)).as("at %s", at).isEqualTo(expected);
            Instant now = at;
            levelTwo += desk.stream().anyMatch(event -> covers(event, now)) ? 1 : 0;
        }
        // the weekday desk (two hours a day in UTC, from its rotation start) was compared: 18 days of 8 quarters
        assertThat(levelTwo).isEqualTo(18 * 8);
    }

    @Test
    void carriesUsersWithTheirSlackChainsWithTheirWaitsAndListsWhatItLeftOut() throws Exception {
        ConfigImport.Plan plan = planOnTheSample();
        OnCallConfig config = ConfigLoader.parse(plan.yaml()).config();
        assertThat(plan.changes())
                .contains(
                        new Change("person", "go-ukenj1sat0kyo", "created"),
                        new Change("schedule", "go-sbm7dv7bkfuyu", "created"),
                        new Change("escalation policy", "go-fwdl7m6n6i9he", "created"),
                        new Change("routing rule", "product shop", "created"));
        assertThat(config.people().get("go-ukenj1sat0kyo").slack()).isEqualTo("U0KENJI01");
        OnCallConfig.Policy chain = config.policies().get("go-fwdl7m6n6i9he");
        assertThat(chain.levels())
                .extracting(OnCallConfig.Level::timeout)
                .containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(15));
        assertThat(chain.repeat()).isEqualTo(5);
        assertThat(plan.leftOut())
                .extracting(note -> note.object() + ": " + note.reason())
                .contains(
                        "schedule Legacy calendar: is a ical schedule (an iCal feed): Kizuki's schedules are "
                                + "rotations; recreate it, or import it from the tool the feed comes from",
                        "schedule Pairs, shift Pairs: has turns of several users at once: a Kizuki turn is one "
                                + "person's",
                        "schedule Shop primary, shift Old rotation: ended at 2026-08-31T22:00:00Z",
                        "escalation chain Shop chain, step 5 (notify_user_group): is a step Kizuki's policies do "
                                + "not have",
                        "integration Deploy webhook: of a kind Kizuki does not receive (webhook): point its sender "
                                + "at another format",
                        "integration Grafana Alerting: routes to no escalation chain",
                        "user kenji, 3 notification rule(s): Grafana OnCall's API gives no phone numbers: give the "
                                + "person sms and voice, then rules, in Kizuki (without rules every way they have is "
                                + "used at once)");
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        String applied = planOnTheSample().yaml();
        ConfigImport.Plan again =
                ConfigImport.plan(Optional.of(applied), GrafanaOnCallImport.translate(recorded(), NOW));
        assertThat(again.changesAnything()).as("%s", again.changes()).isFalse();
    }

    /**
     * Who Grafana OnCall has on call, from the shifts as its API documents them, independently of Kizuki: an override
     * covering the instant, else the event of the highest level covering it. A rolling-users shift's events recur at
     * its start's local time in its time zone (UTC without one), every day or week, or on the days {@code by_day}
     * names; the next user takes the next event (with {@code by_day}: the events of the next week); events before the
     * rotation start are not shown.
     */
    private static Optional<String> grafanaOnCall(List<JsonNode> shifts, Instant to, Instant at) {
        List<JsonNode> byLevel = new ArrayList<>(shifts);
        byLevel.sort(Comparator.comparingInt(
                        (JsonNode shift) -> shift.path("type").asText().equals("override")
                                ? Integer.MAX_VALUE
                                : shift.path("level").asInt())
                .reversed());
        for (JsonNode shift : byLevel) {
            for (Event event : events(shift, to)) {
                if (covers(event, at)) {
                    return Optional.of(event.user());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean covers(Event event, Instant at) {
        return !at.isBefore(event.start()) && at.isBefore(event.end());
    }

    private static List<Event> events(JsonNode shift, Instant to) {
        ZoneId zone = ZoneId.of(
                shift.path("time_zone").isTextual() ? shift.path("time_zone").asText() : "UTC");
        LocalDateTime start = LocalDateTime.parse(shift.path("start").asText());
        Duration duration = Duration.ofSeconds(shift.path("duration").asLong());
        List<Event> events = new ArrayList<>();
        if (shift.path("type").asText().equals("override")) {
            Instant begins = start.atZone(zone).toInstant();
            events.add(new Event(shift.path("users").get(0).asText(), begins, begins.plus(duration)));
            return events;
        }
        Instant rotationStart = LocalDateTime.parse(shift.path("rotation_start").asText())
                .atZone(zone)
                .toInstant();
        Instant until = shift.path("until").isTextual()
                ? LocalDateTime.parse(shift.path("until").asText()).atZone(zone).toInstant()
                : to;
        JsonNode users = shift.path("rolling_users");
        List<DayOfWeek> byDay = new ArrayList<>();
        shift.path("by_day").forEach(day -> byDay.add(DayOfWeek.of(DAYS.indexOf(day.asText()) + 1)));
        for (int k = 0; ; k++) {
            List<LocalDateTime> begins = new ArrayList<>();
            if (byDay.isEmpty()) {
                begins.add(shift.path("frequency").asText().equals("daily") ? start.plusDays(k) : start.plusWeeks(k));
            } else {
                LocalDateTime week = start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .plusWeeks(k);
                for (DayOfWeek day : byDay) {
                    begins.add(week.with(TemporalAdjusters.nextOrSame(day)));
                }
            }
            if (!begins.getFirst().atZone(zone).toInstant().isBefore(until)) {
                return events;
            }
            String user = users.get(k % users.size()).get(0).asText();
            for (LocalDateTime begin : begins) {
                Instant at = begin.atZone(zone).toInstant();
                if (!at.isBefore(rotationStart) && !begin.isBefore(start) && at.isBefore(until)) {
                    events.add(new Event(
                            user, at, begin.plus(duration).atZone(zone).toInstant()));
                }
            }
        }
    }
}
