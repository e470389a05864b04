package io.kizuki.notify.migrate;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.notify.migrate.Translation.Note;
import io.kizuki.notify.migrate.Translation.Sender;
import io.kizuki.notify.migrate.Translation.SourcePerson;

/**
 * Grafana OnCall's configuration, as its public API v1 answers it, as Kizuki's: {@code /api/v1/users},
 * {@code /api/v1/teams}, {@code /api/v1/schedules}, {@code /api/v1/on_call_shifts}, {@code /api/v1/escalation_chains},
 * {@code /api/v1/escalation_policies}, {@code /api/v1/integrations}. Ids are {@code go-} and the source's in lower case.
 * <p>
 * A web schedule's rotations ({@code rolling_users} shifts, one user per turn) become layers in the order of their
 * priority level (the highest wins, as in Grafana); a shift whose events do not repeat as Kizuki's turns do is left
 * out with its reason. Override shifts become overrides. An integration becomes a product (its team's name, else its
 * own), routed by its default route's escalation chain.
 */
public final class GrafanaOnCallImport {

    public static final String SOURCE = "grafana-oncall";
    /** The prefix of every id this import gives. */
    public static final String PREFIX = "go-";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> DAYS = List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");
    /** Kizuki's endpoint for what each kind of Grafana OnCall integration receives, when there is one. */
    private static final Map<String, String> FORMATS = Map.of(
            "alertmanager", "/api/v1/signals/alertmanager (Prometheus Alertmanager)",
            "grafana_alerting", "/api/v1/signals/grafana (Grafana alerting)",
            "grafana", "/api/v1/signals/grafana (Grafana alerting)");
    /** The last level's timeout when the chain ends without a wait: nothing follows it. */
    private static final Duration LAST_LEVEL = Duration.ofMinutes(30);

    private final SourceResponses responses;
    private final Instant now;
    private final List<Note> leftOut = new ArrayList<>();
    private final Set<String> users = new HashSet<>();

    private GrafanaOnCallImport(SourceResponses responses, Instant now) {
        this.responses = responses.withoutControlCharacters();
        this.now = now;
    }

    /** What Grafana OnCall's responses say, as Kizuki's configuration; shifts over before {@code now} are left out. */
    public static Translation translate(SourceResponses responses, Instant now) {
        return new GrafanaOnCallImport(responses, now).translate();
    }

    /** The Kizuki id of a Grafana OnCall object. */
    public static String id(String sourceId) {
        return PREFIX + sourceId.toLowerCase(Locale.ROOT);
    }

    private Translation translate() {
        Map<String, SourcePerson> people = new LinkedHashMap<>();
        for (JsonNode user : responses.items("/api/v1/users", "results")) {
            String id = user.path("id").asText("");
            if (!ID.matcher(id).matches()) {
                leftOut.add(new Note("a user", "has no id Grafana OnCall gives"));
                continue;
            }
            person(user).ifPresent(person -> {
                people.put(id, person);
                users.add(id);
            });
        }
        Map<String, List<JsonNode>> shifts = new HashMap<>();
        Map<String, JsonNode> shiftsById = new HashMap<>();
        for (JsonNode shift : responses.items("/api/v1/on_call_shifts", "results")) {
            shiftsById.put(shift.path("id").asText(), shift);
        }
        Map<String, ObjectNode> schedules = new LinkedHashMap<>();
        for (JsonNode schedule : responses.items("/api/v1/schedules", "results")) {
            List<JsonNode> own = new ArrayList<>();
            for (JsonNode shiftId : schedule.path("shifts")) {
                Optional.ofNullable(shiftsById.get(shiftId.asText())).ifPresent(own::add);
            }
            shifts.put(schedule.path("id").asText(), own);
            schedule(schedule, own)
                    .ifPresent(node -> schedules.put(id(schedule.path("id").asText()), node));
        }
        Map<String, ObjectNode> policies = new LinkedHashMap<>();
        for (JsonNode chain : responses.items("/api/v1/escalation_chains", "results")) {
            String chainId = chain.path("id").asText("");
            if (!ID.matcher(chainId).matches()) {
                leftOut.add(new Note("an escalation chain", "has no id Grafana OnCall gives"));
                continue;
            }
            List<JsonNode> steps = new ArrayList<>();
            for (JsonNode step : responses.items("/api/v1/escalation_policies", "results")) {
                if (chainId.equals(step.path("escalation_chain_id").asText())) {
                    steps.add(step);
                }
            }
            steps.sort(Comparator.comparingInt(step -> step.path("position").asInt()));
            policy(chain, steps, schedules.keySet()).ifPresent(node -> policies.put(id(chainId), node));
        }
        Map<String, String> teams = new HashMap<>();
        for (JsonNode team : responses.items("/api/v1/teams", "results")) {
            teams.put(team.path("id").asText(), team.path("name").asText(""));
        }
        List<ObjectNode> rules = new ArrayList<>();
        List<Sender> senders = new ArrayList<>();
        for (JsonNode integration : responses.items("/api/v1/integrations", "results")) {
            integration(integration, teams, policies.keySet(), rules, senders);
        }
        return new Translation(SOURCE, PREFIX, people, schedules, policies, rules, List.copyOf(leftOut), senders);
    }

    private Optional<SourcePerson> person(JsonNode user) {
        String email = user.path("email").asText("");
        String what = "user " + user.path("username").asText(email);
        if (email.isEmpty()) {
            leftOut.add(new Note(what, "has no e-mail to be matched by"));
            return Optional.empty();
        }
        ObjectNode person = JSON.objectNode();
        person.put("name", user.path("name").asText(user.path("username").asText(email)));
        String zone = SourceValues.zone(user.path("timezone").asText(""), null);
        if (zone == null) {
            leftOut.add(new Note(what + ", time zone", "is none Kizuki knows: UTC instead"));
        }
        person.put("timeZone", zone == null ? "UTC" : zone);
        person.put("email", email);
        JsonNode slack = user.path("slack");
        String member = slack.isArray() && !slack.isEmpty()
                ? slack.get(0).path("user_id").asText("")
                : "";
        if (member.matches("[UW][A-Z0-9]{2,20}")) {
            person.put("slack", member);
        }
        long rules = responses.items("/api/v1/personal_notification_rules", "results").stream()
                .filter(rule ->
                        rule.path("user_id").asText().equals(user.path("id").asText()))
                .count();
        if (rules > 0) {
            leftOut.add(new Note(
                    what + ", " + rules + " notification rule(s)",
                    "Grafana OnCall's API gives no phone numbers: give the person sms and voice, then rules, in Kizuki "
                            + "(without rules every way they have is used at once)"));
        }
        return Optional.of(new SourcePerson(id(user.path("id").asText()), email, person));
    }

    private Optional<ObjectNode> schedule(JsonNode schedule, List<JsonNode> shifts) {
        String what =
                "schedule " + schedule.path("name").asText(schedule.path("id").asText());
        if (!ID.matcher(schedule.path("id").asText("")).matches()) {
            leftOut.add(new Note(what, "has no id Grafana OnCall gives"));
            return Optional.empty();
        }
        if (!schedule.path("type").asText("").equals("web")) {
            leftOut.add(new Note(
                    what,
                    "is a " + schedule.path("type").asText() + " schedule (an iCal feed): Kizuki's schedules are "
                            + "rotations; recreate it, or import it from the tool the feed comes from"));
            return Optional.empty();
        }
        String zone = SourceValues.zone(schedule.path("time_zone").asText("UTC"), null);
        if (zone == null) {
            leftOut.add(new Note(what, "has no time zone Kizuki knows"));
            return Optional.empty();
        }
        List<JsonNode> rotations = new ArrayList<>();
        ArrayNode overrides = JSON.arrayNode();
        Map<Integer, Integer> levels = new HashMap<>();
        for (JsonNode shift : shifts) {
            String type = shift.path("type").asText("");
            String shiftWhat = what + ", shift "
                    + shift.path("name").asText(shift.path("id").asText());
            if (type.equals("override")) {
                override(shift, shiftWhat).ifPresent(overrides::add);
            } else if (type.equals("rolling_users")) {
                rotations.add(shift);
                levels.merge(shift.path("level").asInt(0), 1, Integer::sum);
            } else {
                leftOut.add(new Note(shiftWhat, "is a " + type + ": Kizuki rotates people (rolling users)"));
            }
        }
        rotations.sort(Comparator.comparingInt(shift -> shift.path("level").asInt(0)));
        ObjectNode node = JSON.objectNode();
        node.put("name", schedule.path("name").asText());
        node.put("timeZone", zone);
        ArrayNode layers = node.putArray("layers");
        for (JsonNode shift : rotations) {
            String shiftWhat = what + ", shift "
                    + shift.path("name").asText(shift.path("id").asText());
            if (levels.get(shift.path("level").asInt(0)) > 1) {
                leftOut.add(new Note(
                        shiftWhat,
                        "shares its level with another: where they overlap Grafana has both on call, Kizuki the "
                                + "later one"));
            }
            layer(shift, shiftWhat, ZoneId.of(zone)).ifPresent(layers::add);
        }
        if (layers.isEmpty()) {
            leftOut.add(new Note(what, "has no rotation that is on call from now on"));
            return Optional.empty();
        }
        if (!overrides.isEmpty()) {
            node.set("overrides", overrides);
        }
        return Optional.of(node);
    }

    /**
     * A rolling-users shift as a layer, when its events repeat as turns do: one user per turn, a daily, weekly or
     * hourly frequency, and either events as long as the turn, or a turn of one period whose event (on the days
     * {@code by_day} names, for a weekly one) is a window of it.
     */
    private Optional<ObjectNode> layer(JsonNode shift, String what, ZoneId scheduleZone) {
        ZoneId zone = zone(shift);
        LocalDateTime start = local(shift.path("start").asText(""));
        Instant until = Optional.ofNullable(local(shift.path("until").asText("")))
                .map(local -> local.atZone(zone).toInstant())
                .orElse(null);
        long seconds = shift.path("duration").asLong();
        int interval = Math.max(1, shift.path("interval").asInt(1));
        String frequency = shift.path("frequency").asText("");
        if (until != null && !until.isAfter(now)) {
            leftOut.add(new Note(what, "ended at " + until));
            return Optional.empty();
        }
        Duration period =
                switch (frequency) {
                    case "hourly" -> Duration.ofHours(1);
                    case "daily" -> Duration.ofDays(1);
                    case "weekly" -> Duration.ofDays(7);
                    default -> null;
                };
        if (start == null || period == null || seconds <= 0) {
            leftOut.add(new Note(what, "repeats " + frequency + ": Kizuki reads hourly, daily and weekly rotations"));
            return Optional.empty();
        }
        ArrayNode members = JSON.arrayNode();
        for (JsonNode group : shift.path("rolling_users")) {
            if (group.size() != 1 || !users.contains(group.get(0).asText())) {
                leftOut.add(new Note(
                        what,
                        group.size() != 1
                                ? "has turns of several users at once: a Kizuki turn is one person's"
                                : "has a user not carried: the turns would change"));
                return Optional.empty();
            }
            members.add(group.get(0).asText());
        }
        if (members.isEmpty()) {
            leftOut.add(new Note(what, "has no users"));
            return Optional.empty();
        }
        Duration turn = period.multipliedBy(interval);
        Duration event = Duration.ofSeconds(seconds);
        List<String> byDay = new ArrayList<>();
        shift.path("by_day").forEach(day -> byDay.add(day.asText()));
        ArrayNode restrictions = JSON.arrayNode();
        LocalDateTime anchor = start;
        if (!byDay.isEmpty()
                && DAYS.containsAll(byDay)
                && frequency.equals("weekly")
                && interval == 1
                && event.compareTo(Duration.ofDays(1)) <= 0) {
            // an event on each of those days, the turn passing to the next user with the week
            DayOfWeek weekStart =
                    DayOfWeek.of(DAYS.indexOf(shift.path("week_start").asText("MO")) + 1);
            anchor = start.with(TemporalAdjusters.previousOrSame(weekStart));
            for (String day : byDay) {
                restrictions
                        .addObject()
                        .put("day", DayOfWeek.of(DAYS.indexOf(day) + 1).name())
                        .put("from", start.toLocalTime().toString())
                        .put("duration", event.toString());
            }
        } else if (!byDay.isEmpty()
                || event.compareTo(turn) > 0
                || (event.compareTo(turn) < 0 && (interval != 1 || frequency.equals("hourly")))) {
            leftOut.add(new Note(
                    what, "has events that do not repeat as Kizuki's turns do (by day, interval and duration)"));
            return Optional.empty();
        } else if (event.compareTo(turn) < 0) {
            // one event a day (or a week), shorter than the turn: a window of it
            ObjectNode window = restrictions.addObject();
            if (frequency.equals("weekly")) {
                window.put("day", start.getDayOfWeek().name());
            }
            window.put("from", start.toLocalTime().toString()).put("duration", event.toString());
        }
        ObjectNode layer = JSON.objectNode();
        layer.put("name", shift.path("name").asText());
        layer.set("members", members);
        layer.put("length", frequency.equals("hourly") ? turn.toString() : "P" + turn.toDays() + "D");
        layer.put("start", anchor.toString());
        if (!zone.equals(scheduleZone)) {
            layer.put("timeZone", zone.getId());
        }
        if (!restrictions.isEmpty()) {
            layer.set("restrictions", restrictions);
        }
        LocalDateTime rotationStart = local(shift.path("rotation_start").asText(""));
        if (rotationStart != null && rotationStart.isAfter(anchor)) {
            layer.put("from", rotationStart.atZone(zone).toInstant().toString());
        }
        if (until != null) {
            layer.put("until", until.toString());
        }
        return Optional.of(layer);
    }

    /** A shift's times are in its time zone, UTC when it names none. */
    private static ZoneId zone(JsonNode shift) {
        return ZoneId.of(
                Optional.ofNullable(SourceValues.zone(shift.path("time_zone").asText(""), null))
                        .orElse("UTC"));
    }

    private Optional<ObjectNode> override(JsonNode shift, String what) {
        JsonNode who = shift.path("users");
        LocalDateTime start = local(shift.path("start").asText(""));
        long seconds = shift.path("duration").asLong();
        ZoneId zone = zone(shift);
        if (who.size() != 1 || !users.contains(who.get(0).asText()) || start == null || seconds <= 0) {
            leftOut.add(new Note(
                    what,
                    who.size() != 1
                            ? "overrides with " + who.size() + " users: a Kizuki override is one person's"
                            : "is for a user not carried, or has no start and duration"));
            return Optional.empty();
        }
        Instant from = start.atZone(zone).toInstant();
        Instant until = from.plusSeconds(seconds);
        if (!until.isAfter(now)) {
            return Optional.empty();
        }
        ObjectNode node = JSON.objectNode();
        node.put("person", who.get(0).asText()).put("from", from.toString()).put("until", until.toString());
        return Optional.of(node);
    }

    private Optional<ObjectNode> policy(JsonNode chain, List<JsonNode> steps, Set<String> schedules) {
        String what =
                "escalation chain " + chain.path("name").asText(chain.path("id").asText());
        ArrayNode levels = JSON.arrayNode();
        ArrayNode targets = JSON.arrayNode();
        int repeat = 0;
        for (JsonNode step : steps) {
            String type = step.path("type").asText("");
            String stepWhat = what + ", step " + (step.path("position").asInt() + 1) + " (" + type + ")";
            switch (type) {
                case "notify_persons", "notify_person_next_each_time" -> {
                    if (type.equals("notify_person_next_each_time")) {
                        leftOut.add(new Note(stepWhat, "notifies one of them in turn: Kizuki pages all of them"));
                    }
                    for (JsonNode person : step.path("persons_to_notify")) {
                        if (users.contains(person.asText())) {
                            targets.addObject().put("person", person.asText());
                        } else {
                            leftOut.add(new Note(stepWhat, "names a user not carried"));
                        }
                    }
                }
                case "notify_on_call_from_schedule" -> {
                    String schedule =
                            id(step.path("notify_on_call_from_schedule").asText(""));
                    if (schedules.contains(schedule)) {
                        targets.addObject().put("schedule", schedule);
                    } else {
                        leftOut.add(new Note(stepWhat, "names a schedule not carried"));
                    }
                }
                case "wait" -> {
                    if (!targets.isEmpty()) {
                        long wait = Math.max(60, step.path("duration").asLong(60));
                        levels.addObject()
                                .put("timeout", Duration.ofSeconds(wait).toString())
                                .set("targets", targets);
                        targets = JSON.arrayNode();
                    }
                }
                case "repeat_escalation" -> repeat = 5;
                default -> leftOut.add(new Note(stepWhat, "is a step Kizuki's policies do not have"));
            }
            if (step.path("important").asBoolean(false)) {
                leftOut.add(new Note(stepWhat, "is important: Kizuki's urgency follows the incident's severity"));
            }
        }
        if (!targets.isEmpty()) {
            levels.addObject().put("timeout", LAST_LEVEL.toString()).set("targets", targets);
        }
        if (levels.isEmpty()) {
            leftOut.add(new Note(what, "has no step carried"));
            return Optional.empty();
        }
        ObjectNode node = JSON.objectNode();
        node.put("name", chain.path("name").asText());
        node.set("levels", levels);
        node.put("repeat", repeat);
        return Optional.of(node);
    }

    private void integration(
            JsonNode integration,
            Map<String, String> teams,
            Set<String> policies,
            List<ObjectNode> rules,
            List<Sender> senders) {
        String name = integration.path("name").asText(integration.path("id").asText());
        String type = integration.path("type").asText("");
        String product = SourceValues.product(
                teams.getOrDefault(integration.path("team_id").asText(""), name));
        String format = FORMATS.get(type);
        senders.add(new Sender(null, product.isEmpty() ? null : product, name, type, format));
        if (format == null) {
            leftOut.add(new Note(
                    "integration " + name,
                    "of a kind Kizuki does not receive (" + type + "): point its sender at another format"));
        }
        String chain =
                integration.path("default_route").path("escalation_chain_id").asText("");
        if (product.isEmpty() || !policies.contains(id(chain))) {
            leftOut.add(new Note(
                    "integration " + name,
                    chain.isEmpty() ? "routes to no escalation chain" : "routes to an escalation chain not carried"));
            return;
        }
        ObjectNode rule = JSON.objectNode();
        rule.putArray("product").add(product);
        rule.put("policy", id(chain));
        if (rules.stream().noneMatch(rule::equals)) {
            rules.add(rule);
        }
    }

    private static LocalDateTime local(String text) {
        try {
            return text.isEmpty() ? null : LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
