package io.kizuki.notify.migrate;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.notify.migrate.Translation.Note;
import io.kizuki.notify.migrate.Translation.Sender;
import io.kizuki.notify.migrate.Translation.SourcePerson;

/**
 * Opsgenie's configuration, as its REST API v2 answers it, as Kizuki's: {@code /v2/users} and each user's
 * {@code /v2/users/{id}/contacts}, {@code /v2/schedules?expand=rotation} and each schedule's
 * {@code /v2/schedules/{id}/overrides}, {@code /v2/escalations}, {@code /v2/teams} and each team's
 * {@code /v2/teams/{id}/routing-rules}, {@code /v2/integrations}.
 * <p>
 * Every rotation of an Opsgenie schedule has someone on call at the same time, so each rotation becomes a Kizuki
 * schedule of its own ({@code og-<schedule>-<rotation>}, the first 8 characters of each id), and an escalation rule
 * that notifies the schedule pages all of them. A team becomes a product (its name in lower case, - for anything
 * but letters and digits): its default routing rule routes that product's incidents to its escalation.
 */
public final class OpsgenieImport {

    public static final String SOURCE = "opsgenie";
    /** The prefix of every id this import gives. */
    public static final String PREFIX = "og-";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{8,64}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Kizuki's endpoint for what each kind of Opsgenie integration sends, when there is one. */
    private static final Map<String, String> FORMATS = Map.of(
            "Prometheus", "/api/v1/signals/alertmanager (Prometheus Alertmanager)",
            "Grafana", "/api/v1/signals/grafana (Grafana alerting)");
    /** The last level's timeout when the escalation does not repeat: nothing follows it. */
    private static final Duration LAST_LEVEL = Duration.ofMinutes(30);

    private final SourceResponses responses;
    private final Instant now;
    private final List<Note> leftOut = new ArrayList<>();
    private final Set<String> users = new HashSet<>();
    /** The Kizuki schedules of each Opsgenie schedule, one per rotation carried. */
    private final Map<String, List<String>> rotations = new LinkedHashMap<>();

    private OpsgenieImport(SourceResponses responses, Instant now) {
        this.responses = responses.withoutControlCharacters();
        this.now = now;
    }

    /** What Opsgenie's responses say, as Kizuki's configuration; rotations that ended before {@code now} are left out. */
    public static Translation translate(SourceResponses responses, Instant now) {
        return new OpsgenieImport(responses, now).translate();
    }

    /** The Kizuki id of an Opsgenie object: {@code og-} and the first 8 characters of its id. */
    public static String id(String sourceId) {
        return PREFIX + shortId(sourceId);
    }

    /** The Kizuki id of the schedule a rotation of an Opsgenie schedule becomes. */
    public static String rotationId(String scheduleId, String rotationId) {
        return id(scheduleId) + "-" + shortId(rotationId);
    }

    private static String shortId(String sourceId) {
        String id = sourceId.toLowerCase(Locale.ROOT);
        return id.substring(0, Math.min(8, id.length()));
    }

    private Translation translate() {
        Map<String, SourcePerson> people = new LinkedHashMap<>();
        for (JsonNode user : responses.items("/v2/users", "data")) {
            String id = user.path("id").asText("");
            if (!ID.matcher(id).matches()) {
                leftOut.add(new Note("a user", "has no id Opsgenie gives"));
                continue;
            }
            person(user).ifPresent(person -> {
                people.put(id, person);
                users.add(id);
            });
        }
        Map<String, ObjectNode> schedules = new LinkedHashMap<>();
        for (JsonNode schedule : responses.items("/v2/schedules", "data")) {
            schedule(schedule, schedules);
        }
        Map<String, ObjectNode> policies = new LinkedHashMap<>();
        for (JsonNode escalation : responses.items("/v2/escalations", "data")) {
            if (!ID.matcher(escalation.path("id").asText("")).matches()) {
                leftOut.add(new Note("an escalation", "has no id Opsgenie gives"));
                continue;
            }
            policy(escalation)
                    .ifPresent(node -> policies.put(id(escalation.path("id").asText()), node));
        }
        List<ObjectNode> rules = new ArrayList<>();
        Map<String, String> products = new LinkedHashMap<>();
        for (JsonNode team : responses.items("/v2/teams", "data")) {
            String product = SourceValues.product(team.path("name").asText(""));
            if (product.isEmpty() || !ID.matcher(team.path("id").asText("")).matches()) {
                leftOut.add(new Note("team " + team.path("name").asText(), "has no name to make a product of"));
                continue;
            }
            products.put(team.path("id").asText(), product);
            routing(team, product, policies.keySet(), rules);
        }
        List<Sender> senders = new ArrayList<>();
        for (JsonNode integration : responses.items("/v2/integrations", "data")) {
            String type = integration.path("type").asText("");
            String name = integration.path("name").asText(type);
            String product = products.getOrDefault(integration.path("teamId").asText(""), "");
            String format = FORMATS.get(type);
            senders.add(new Sender(null, product.isEmpty() ? null : product, name, type, format));
            if (format == null) {
                leftOut.add(new Note(
                        "integration " + name,
                        "of a kind Kizuki does not receive (" + type + "): point its sender at another format"));
            }
        }
        return new Translation(SOURCE, PREFIX, people, schedules, policies, rules, List.copyOf(leftOut), senders);
    }

    private Optional<SourcePerson> person(JsonNode user) {
        String email = user.path("username").asText("");
        String what = "user " + user.path("fullName").asText(email);
        if (email.isEmpty()) {
            leftOut.add(new Note(what, "has no username (e-mail) to be matched by"));
            return Optional.empty();
        }
        ObjectNode person = JSON.objectNode();
        person.put("name", user.path("fullName").asText(email));
        String zone = SourceValues.zone(user.path("timeZone").asText(""), null);
        if (zone == null) {
            leftOut.add(new Note(what + ", time zone", "is none Kizuki knows: UTC instead"));
        }
        person.put("timeZone", zone == null ? "UTC" : zone);
        person.put("email", email);
        if (user.path("locale").asText("").startsWith("ja")) {
            person.put("language", "ja");
        }
        for (JsonNode contact : responses.items("/v2/users/" + user.path("id").asText() + "/contacts", "data")) {
            String method = contact.path("method").asText("");
            switch (method) {
                case "email" -> {
                    // the username is the e-mail pages go to; another address is noted, not carried
                    if (!contact.path("to").asText("").equalsIgnoreCase(email)) {
                        leftOut.add(
                                new Note(what + ", e-mail " + contact.path("to").asText(), "one e-mail per person"));
                    }
                }
                case "sms", "voice" -> {
                    String number = "+" + contact.path("to").asText("").replaceAll("[^0-9]", "");
                    if (!SourceValues.E164.matcher(number).matches()) {
                        leftOut.add(new Note(what + ", " + method, "is no phone number in E.164 form"));
                    } else if (!person.has(method)) {
                        person.put(method, number);
                    }
                }
                case "mobile" ->
                    leftOut.add(new Note(
                            what + ", the Opsgenie app", "Kizuki pushes through ntfy: give the person a push topic"));
                default -> leftOut.add(new Note(what + ", contact " + method, "of a kind Kizuki does not reach"));
            }
        }
        rules(user.path("id").asText(), what, person);
        return Optional.of(new SourcePerson(id(user.path("id").asText()), email, person));
    }

    /**
     * The steps of the user's rule for new alerts, as their rules: Opsgenie's rule holds for every priority, so the
     * same steps are the high- and the low-urgency ones. Steps on a way the person has not (the Opsgenie app), and
     * rules for other actions, are left out with the reason.
     */
    private void rules(String userId, String what, ObjectNode person) {
        String path = "/v2/users/" + userId + "/notification-rules";
        ArrayNode steps = JSON.arrayNode();
        for (JsonNode rule : responses.items(path, "data")) {
            String action = rule.path("actionType").asText("");
            if (!action.equals("create-alert") || !rule.path("enabled").asBoolean(true)) {
                leftOut.add(new Note(
                        what + ", notification rule " + rule.path("name").asText(action),
                        action.equals("create-alert")
                                ? "is disabled"
                                : "is for " + action + ": Kizuki's rules are for pages (hand-offs: handOffs)"));
                continue;
            }
            for (JsonNode step : responses.items(path + "/" + rule.path("id").asText() + "/steps", "data")) {
                String method = step.path("contact").path("method").asText("");
                if (!step.path("enabled").asBoolean(true)) {
                    continue;
                }
                if (!person.has(method)) {
                    leftOut.add(new Note(
                            what + ", notification step by " + method,
                            method.equals("mobile")
                                    ? "the Opsgenie app: Kizuki pushes through ntfy"
                                    : "uses a way not carried"));
                    continue;
                }
                long minutes = Math.min(1440, delay(step.path("sendAfter")).toMinutes());
                steps.addObject()
                        .put("method", method)
                        .put("after", Duration.ofMinutes(minutes).toString());
            }
        }
        if (!steps.isEmpty()) {
            ObjectNode rules = person.putObject("rules");
            rules.set("high", steps);
            rules.set("low", steps.deepCopy());
        }
    }

    private void schedule(JsonNode schedule, Map<String, ObjectNode> schedules) {
        String scheduleId = schedule.path("id").asText("");
        String what = "schedule " + schedule.path("name").asText(scheduleId);
        String zone = SourceValues.zone(schedule.path("timezone").asText(""), null);
        if (!ID.matcher(scheduleId).matches() || zone == null) {
            leftOut.add(new Note(what, zone == null ? "has no time zone Kizuki knows" : "has no id Opsgenie gives"));
            return;
        }
        if (!schedule.path("enabled").asBoolean(true)) {
            leftOut.add(new Note(what, "is disabled"));
            return;
        }
        List<JsonNode> overrides = responses.items("/v2/schedules/" + scheduleId + "/overrides", "data");
        List<String> carried = new ArrayList<>();
        for (JsonNode rotation : schedule.path("rotations")) {
            String rotationId = rotation.path("id").asText("");
            String rotationWhat = what + ", rotation " + rotation.path("name").asText(rotationId);
            Optional<ObjectNode> layer = layer(rotation, rotationWhat, ZoneId.of(zone));
            if (layer.isEmpty()) {
                continue;
            }
            ObjectNode node = JSON.objectNode();
            node.put(
                    "name",
                    schedule.path("name").asText() + " / "
                            + rotation.path("name").asText());
            node.put("timeZone", zone);
            node.putArray("layers").add(layer.get());
            ArrayNode instead = JSON.arrayNode();
            for (JsonNode override : overrides) {
                override(override, rotationId, what).ifPresent(instead::add);
            }
            if (!instead.isEmpty()) {
                node.set("overrides", instead);
            }
            String id = rotationId(scheduleId, rotationId);
            schedules.put(id, node);
            carried.add(id);
        }
        if (carried.isEmpty()) {
            leftOut.add(new Note(what, "has no rotation that is on call from now on"));
        }
        rotations.put(scheduleId, carried);
    }

    private Optional<ObjectNode> layer(JsonNode rotation, String what, ZoneId zone) {
        if (!rotation.path("enabled").asBoolean(true)) {
            leftOut.add(new Note(what, "is disabled"));
            return Optional.empty();
        }
        Instant start = SourceValues.instant(rotation.path("startDate").asText(""));
        Instant end = SourceValues.instant(rotation.path("endDate").asText(""));
        if (end != null && !end.isAfter(now)) {
            leftOut.add(new Note(what, "ended at " + end));
            return Optional.empty();
        }
        int length = Math.max(1, rotation.path("length").asInt(1));
        String turn =
                switch (rotation.path("type").asText("")) {
                    case "daily" -> "P" + length + "D";
                    case "weekly" -> "P" + (7 * length) + "D";
                    case "hourly" -> Duration.ofHours(length).toString();
                    default -> null;
                };
        if (start == null || turn == null) {
            leftOut.add(new Note(what, "has no startDate or no type of daily, weekly or hourly"));
            return Optional.empty();
        }
        ObjectNode layer = JSON.objectNode();
        layer.put("name", rotation.path("name").asText());
        ArrayNode members = layer.putArray("members");
        for (JsonNode participant : rotation.path("participants")) {
            String type = participant.path("type").asText("");
            if (!type.equals("user") || !users.contains(participant.path("id").asText())) {
                leftOut.add(new Note(
                        what,
                        type.equals("user")
                                ? "has a participant who is a user not carried: the turns would change"
                                : "has a participant of type " + type + " (Kizuki rotates people): the turns would "
                                        + "change"));
                return Optional.empty();
            }
            members.add(participant.path("id").asText());
        }
        if (members.isEmpty()) {
            leftOut.add(new Note(what, "has no participant"));
            return Optional.empty();
        }
        layer.put("length", turn);
        layer.put("start", start.atZone(zone).toLocalDateTime().toString());
        JsonNode restriction = rotation.path("timeRestriction");
        if (!restriction.isMissingNode() && !restriction.isNull()) {
            ArrayNode windows = restrictions(restriction, what);
            if (windows == null) {
                return Optional.empty();
            }
            layer.set("restrictions", windows);
        }
        if (end != null) {
            layer.put("until", end.toString());
        }
        return Optional.of(layer);
    }

    /** Opsgenie's time restriction as windows, or null (noted) when it is not one Kizuki reads. */
    private ArrayNode restrictions(JsonNode restriction, String what) {
        ArrayNode windows = JSON.arrayNode();
        switch (restriction.path("type").asText("")) {
            case "time-of-day" -> {
                JsonNode window = restriction.path("restriction");
                LocalTime from = time(window.path("startHour"), window.path("startMin"));
                LocalTime until = time(window.path("endHour"), window.path("endMin"));
                if (from == null || until == null) {
                    break;
                }
                Duration duration = Duration.between(from, until);
                windows.addObject()
                        .put("from", from.toString())
                        .put(
                                "duration",
                                (duration.isNegative() || duration.isZero() ? duration.plusDays(1) : duration)
                                        .toString());
            }
            case "weekday-and-time-of-day" -> {
                for (JsonNode window : restriction.path("restrictions")) {
                    DayOfWeek startDay = day(window.path("startDay").asText(""));
                    DayOfWeek endDay = day(window.path("endDay").asText(""));
                    LocalTime from = time(window.path("startHour"), window.path("startMin"));
                    LocalTime until = time(window.path("endHour"), window.path("endMin"));
                    if (startDay == null || endDay == null || from == null || until == null) {
                        windows.removeAll();
                        break;
                    }
                    Duration duration = Duration.ofDays((endDay.getValue() - startDay.getValue() + 7) % 7)
                            .plus(Duration.between(from, until));
                    if (duration.isNegative() || duration.isZero()) {
                        duration = duration.plusDays(7);
                    }
                    windows.addObject()
                            .put("day", startDay.name())
                            .put("from", from.toString())
                            .put("duration", duration.toString());
                }
            }
            default -> {
                // noted below: no window read
            }
        }
        if (windows.isEmpty()) {
            leftOut.add(new Note(what, "has a time restriction Kizuki does not read"));
            return null;
        }
        return windows;
    }

    private Optional<ObjectNode> override(JsonNode override, String rotationId, String schedule) {
        JsonNode only = override.path("rotations");
        boolean applies = !only.isArray() || only.isEmpty();
        for (JsonNode rotation : only) {
            applies |= rotationId.equals(rotation.path("id").asText());
        }
        if (!applies) {
            return Optional.empty();
        }
        String user = override.path("user").path("id").asText("");
        Instant from = SourceValues.instant(override.path("startDate").asText(""));
        Instant until = SourceValues.instant(override.path("endDate").asText(""));
        if (!users.contains(user) || from == null || until == null || !until.isAfter(from)) {
            leftOut.add(new Note(
                    schedule + ", override " + override.path("alias").asText(),
                    users.contains(user) ? "has no start before its end" : "is for a user not carried"));
            return Optional.empty();
        }
        if (!until.isAfter(now)) {
            return Optional.empty();
        }
        ObjectNode node = JSON.objectNode();
        node.put("person", user).put("from", from.toString()).put("until", until.toString());
        return Optional.of(node);
    }

    private Optional<ObjectNode> policy(JsonNode escalation) {
        String what = "escalation "
                + escalation.path("name").asText(escalation.path("id").asText());
        // rules notify at a delay after the alert: rules of one delay are one level, levels in order of delay
        TreeMap<Duration, ArrayNode> levels = new TreeMap<>();
        for (JsonNode rule : escalation.path("rules")) {
            JsonNode recipient = rule.path("recipient");
            String type = recipient.path("type").asText("");
            String id = recipient.path("id").asText("");
            String ruleWhat = what + ", rule for "
                    + recipient.path("name").asText(recipient.path("username").asText(id));
            // default: whoever is on call; next: whoever is on call after them; all: every participant
            String notify = rule.path("notifyType").asText("default");
            if (!List.of("default", "next", "all").contains(notify)) {
                leftOut.add(new Note(
                        ruleWhat, "notifies the " + notify + " of a schedule: Kizuki pages the on-call, next or all"));
                continue;
            }
            ArrayNode targets = levels.computeIfAbsent(delay(rule.path("delay")), delay -> JSON.arrayNode());
            if (type.equals("schedule")
                    && rotations.containsKey(id)
                    && !rotations.get(id).isEmpty()) {
                rotations.get(id).forEach(schedule -> {
                    ObjectNode target = targets.addObject().put("schedule", schedule);
                    if (!notify.equals("default")) {
                        target.put("who", notify);
                    }
                });
            } else if (type.equals("user") && users.contains(id)) {
                targets.addObject().put("person", id);
            } else {
                leftOut.add(new Note(
                        ruleWhat,
                        type.equals("schedule") || type.equals("user")
                                ? "is a " + type + " not carried"
                                : "notifies a " + type + ": Kizuki pages schedules and people"));
                continue;
            }
            if (rule.path("condition").asText("if-not-acked").equals("if-not-closed")) {
                leftOut.add(new Note(
                        ruleWhat, "applies until the alert is closed: in Kizuki escalation stops when acknowledged"));
            }
        }
        levels.values().removeIf(ArrayNode::isEmpty);
        if (levels.isEmpty()) {
            leftOut.add(new Note(what, "has no rule carried"));
            return Optional.empty();
        }
        JsonNode repeat = escalation.path("repeat");
        int count = repeat.path("count").asInt(0);
        Duration wait =
                Duration.ofMinutes(Math.max(1, repeat.path("waitInterval").asLong(0)));
        ObjectNode node = JSON.objectNode();
        node.put("name", escalation.path("name").asText());
        ArrayNode carried = node.putArray("levels");
        List<Duration> delays = new ArrayList<>(levels.keySet());
        for (int i = 0; i < delays.size(); i++) {
            Duration timeout =
                    i + 1 < delays.size() ? delays.get(i + 1).minus(delays.get(i)) : count > 0 ? wait : LAST_LEVEL;
            carried.addObject().put("timeout", timeout.toString()).set("targets", levels.get(delays.get(i)));
        }
        if (count > 10) {
            leftOut.add(new Note(what, "repeats " + count + " times: Kizuki repeats a policy 10 times at most"));
        }
        node.put("repeat", Math.max(0, Math.min(10, count)));
        return Optional.of(node);
    }

    private void routing(JsonNode team, String product, Set<String> policies, List<ObjectNode> rules) {
        String what = "team " + team.path("name").asText();
        for (JsonNode rule : responses.items("/v2/teams/" + team.path("id").asText() + "/routing-rules", "data")) {
            String ruleWhat = what + ", routing rule "
                    + rule.path("name").asText(rule.path("id").asText());
            JsonNode notify = rule.path("notify");
            String policy = id(notify.path("id").asText(""));
            if (!rule.path("criteria").path("type").asText("match-all").equals("match-all")
                    || (!rule.path("timeRestriction").isMissingNode()
                            && !rule.path("timeRestriction").isNull())) {
                leftOut.add(new Note(
                        ruleWhat, "routes by conditions or times: Kizuki routes by product, service, severity, class"));
            } else if (!notify.path("type").asText("").equals("escalation") || !policies.contains(policy)) {
                leftOut.add(new Note(
                        ruleWhat,
                        notify.path("type").asText("").equals("escalation")
                                ? "notifies an escalation not carried"
                                : "notifies a " + notify.path("type").asText("") + ": give it an escalation"));
            } else {
                ObjectNode carried = JSON.objectNode();
                carried.putArray("product").add(product);
                carried.put("policy", policy);
                rules.add(carried);
                return;
            }
        }
    }

    private static Duration delay(JsonNode delay) {
        long amount = Math.max(0, delay.path("timeAmount").asLong(0));
        return switch (delay.path("timeUnit").asText("minutes")) {
            case "hours" -> Duration.ofHours(amount);
            case "days" -> Duration.ofDays(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    private static LocalTime time(JsonNode hour, JsonNode minute) {
        int h = hour.asInt(-1);
        int m = minute.asInt(0);
        return h < 0 || h > 23 || m < 0 || m > 59 ? null : LocalTime.of(h, m);
    }

    private static DayOfWeek day(String name) {
        try {
            return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
