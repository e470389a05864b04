package io.kizuki.notify.migrate;

import java.time.DateTimeException;
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
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.notify.migrate.Translation.Note;
import io.kizuki.notify.migrate.Translation.Sender;
import io.kizuki.notify.migrate.Translation.SourcePerson;

/**
 * PagerDuty's configuration, as its REST API v2 answers it, as Kizuki's: {@code /users} (with
 * {@code include[]=contact_methods} and {@code include[]=notification_rules}), {@code /schedules/{id}} (its
 * {@code schedule_layers}, listed highest first, with their {@code restrictions}), {@code /schedules/{id}/overrides},
 * {@code /escalation_policies} and {@code /services}. Ids are {@code pd-} and the source's id in lower case.
 * <p>
 * A turn that is a whole number of days hands off at the same local time across DST, as PagerDuty's schedules show
 * it; a restriction's window keeps its local start and end the same way.
 */
public final class PagerDutyImport {

    public static final String SOURCE = "pagerduty";
    /** The prefix of every id this import gives. */
    public static final String PREFIX = "pd-";

    private static final Pattern SCHEDULE = Pattern.compile("/schedules/([A-Za-z0-9]+)");
    /** PagerDuty's ids: letters and digits. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,64}");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Kizuki's endpoint for what each kind of PagerDuty integration sends, when there is one. */
    private static final Map<String, String> FORMATS =
            Map.of("events_api_v2_inbound_integration", "/v2/enqueue (PagerDuty Events API v2)");

    private final SourceResponses responses;
    private final Instant now;
    private final List<Note> leftOut = new ArrayList<>();
    private final Set<String> users = new HashSet<>();

    private PagerDutyImport(SourceResponses responses, Instant now) {
        this.responses = responses;
        this.now = now;
    }

    /** What PagerDuty's responses say, as Kizuki's configuration; layers that ended before {@code now} are left out. */
    public static Translation translate(SourceResponses responses, Instant now) {
        return new PagerDutyImport(responses, now).translate();
    }

    /** The Kizuki id of a PagerDuty object. */
    public static String id(String sourceId) {
        return PREFIX + sourceId.toLowerCase(Locale.ROOT);
    }

    private Translation translate() {
        SourceResponses responses = this.responses.withoutControlCharacters();
        Map<String, SourcePerson> people = new LinkedHashMap<>();
        for (JsonNode user : responses.items("/users", "users")) {
            String id = user.path("id").asText("");
            if (!ID.matcher(id).matches()) {
                leftOut.add(new Note("a user", "has no id of letters and digits"));
                continue;
            }
            person(user).ifPresent(person -> {
                people.put(id, person);
                users.add(id);
            });
        }
        Map<String, ObjectNode> schedules = new LinkedHashMap<>();
        for (SourceResponses.Response response : responses.matching(SCHEDULE)) {
            JsonNode schedule = response.body().path("schedule");
            var matcher = SCHEDULE.matcher(response.path());
            matcher.matches();
            schedule(schedule, responses.items(response.path() + "/overrides", "overrides"))
                    .ifPresent(node -> schedules.put(id(matcher.group(1)), node));
        }
        Map<String, ObjectNode> policies = new LinkedHashMap<>();
        for (JsonNode policy : responses.items("/escalation_policies", "escalation_policies")) {
            if (!ID.matcher(policy.path("id").asText("")).matches()) {
                leftOut.add(new Note("an escalation policy", "has no id of letters and digits"));
                continue;
            }
            policy(policy, schedules.keySet())
                    .ifPresent(node -> policies.put(id(policy.path("id").asText()), node));
        }
        List<ObjectNode> rules = new ArrayList<>();
        List<Sender> senders = new ArrayList<>();
        for (JsonNode service : responses.items("/services", "services")) {
            service(service, policies.keySet(), rules, senders);
        }
        return new Translation(SOURCE, PREFIX, people, schedules, policies, rules, List.copyOf(leftOut), senders);
    }

    private Optional<SourcePerson> person(JsonNode user) {
        String what = "user " + user.path("name").asText(user.path("id").asText());
        String email = user.path("email").asText("");
        if (email.isEmpty()) {
            leftOut.add(new Note(what, "has no e-mail to be matched by"));
            return Optional.empty();
        }
        ObjectNode person = JSON.objectNode();
        person.put("name", user.path("name").asText(email));
        String zone = SourceValues.zone(user.path("time_zone").asText(""), null);
        if (zone == null) {
            leftOut.add(new Note(what + ", time zone", "is none Kizuki knows: UTC instead"));
        }
        person.put("timeZone", zone == null ? "UTC" : zone);
        person.put("email", email);
        Map<String, String> methods = new LinkedHashMap<>();
        for (JsonNode method : user.path("contact_methods")) {
            String type = method.path("type").asText("");
            String address = method.path("address").asText("");
            switch (type) {
                case "email_contact_method" -> methods.put(method.path("id").asText(), "email");
                case "sms_contact_method", "phone_contact_method" -> {
                    String way = type.startsWith("sms") ? "sms" : "voice";
                    String number = "+" + method.path("country_code").asText("") + address.replaceAll("[^0-9]", "");
                    if (!SourceValues.E164.matcher(number).matches()) {
                        leftOut.add(new Note(
                                what + ", " + way + " " + method.path("label").asText(""),
                                "is no phone number in E.164 form"));
                        continue;
                    }
                    if (!person.has(way)) {
                        person.put(way, number);
                    }
                    methods.put(method.path("id").asText(), way);
                }
                case "push_notification_contact_method" ->
                    leftOut.add(new Note(
                            what + ", push to " + method.path("label").asText("the PagerDuty app"),
                            "Kizuki pushes through ntfy: give the person a push topic"));
                default ->
                    leftOut.add(new Note(
                            what + ", contact method " + method.path("id").asText(),
                            type.endsWith("_reference")
                                    ? "only referred to: read the users with include[]=contact_methods"
                                    : "of a kind Kizuki does not reach (" + type + ")"));
            }
        }
        ObjectNode rules = JSON.objectNode();
        for (JsonNode rule : user.path("notification_rules")) {
            String way = methods.get(rule.path("contact_method").path("id").asText());
            String urgency = rule.path("urgency").asText("high");
            if (way == null || !Set.of("high", "low").contains(urgency)) {
                leftOut.add(new Note(
                        what + ", notification rule " + rule.path("id").asText(),
                        way == null ? "uses a contact method not carried" : "has an urgency Kizuki lacks"));
                continue;
            }
            long minutes = Math.min(
                    1440, Math.max(0, rule.path("start_delay_in_minutes").asLong()));
            ArrayNode steps = rules.has(urgency) ? (ArrayNode) rules.get(urgency) : rules.putArray(urgency);
            steps.addObject()
                    .put("method", way)
                    .put("after", Duration.ofMinutes(minutes).toString());
        }
        if (!rules.isEmpty()) {
            person.set("rules", rules);
        }
        return Optional.of(new SourcePerson(id(user.path("id").asText()), email, person));
    }

    private Optional<ObjectNode> schedule(JsonNode schedule, List<JsonNode> overrides) {
        String what =
                "schedule " + schedule.path("name").asText(schedule.path("id").asText());
        String zoneText = schedule.path("time_zone").asText("");
        String zone = SourceValues.zone(zoneText, null);
        if (zone == null) {
            leftOut.add(new Note(what, "has no time zone Kizuki knows (" + zoneText + ")"));
            return Optional.empty();
        }
        ZoneId zoneId = ZoneId.of(zone);
        ObjectNode node = JSON.objectNode();
        node.put("name", schedule.path("name").asText());
        node.put("timeZone", zone);
        ArrayNode layers = node.putArray("layers");
        List<JsonNode> sourceLayers = new ArrayList<>();
        schedule.path("schedule_layers").forEach(sourceLayers::add);
        // PagerDuty lists the highest layer first; in Kizuki the last layer wins
        for (JsonNode layer : sourceLayers.reversed()) {
            layer(layer, what, zoneId).ifPresent(layers::add);
        }
        if (layers.isEmpty()) {
            leftOut.add(new Note(what, "has no layer that is on call from now on"));
            return Optional.empty();
        }
        ArrayNode carried = JSON.arrayNode();
        for (JsonNode override : overrides) {
            String user = override.path("user").path("id").asText("");
            Instant from = SourceValues.instant(override.path("start").asText(""));
            Instant until = SourceValues.instant(override.path("end").asText(""));
            if (!users.contains(user) || from == null || until == null || !until.isAfter(from)) {
                leftOut.add(new Note(
                        what + ", override " + override.path("id").asText(),
                        users.contains(user) ? "has no start before its end" : "is for a user not carried"));
            } else if (until.isAfter(now)) {
                carried.addObject()
                        .put("person", user)
                        .put("from", from.toString())
                        .put("until", until.toString());
            }
        }
        if (!carried.isEmpty()) {
            node.set("overrides", carried);
        }
        return Optional.of(node);
    }

    private Optional<ObjectNode> layer(JsonNode layer, String schedule, ZoneId zone) {
        String what = schedule + ", layer "
                + layer.path("name").asText(layer.path("id").asText());
        Instant end = SourceValues.instant(layer.path("end").asText(""));
        if (end != null && !end.isAfter(now)) {
            leftOut.add(new Note(what, "ended at " + end));
            return Optional.empty();
        }
        Instant virtualStart =
                SourceValues.instant(layer.path("rotation_virtual_start").asText(""));
        Instant start = SourceValues.instant(layer.path("start").asText(""));
        long seconds = layer.path("rotation_turn_length_seconds").asLong();
        if (virtualStart == null || seconds <= 0) {
            leftOut.add(new Note(what, "has no rotation_virtual_start or rotation_turn_length_seconds"));
            return Optional.empty();
        }
        ObjectNode node = JSON.objectNode();
        node.put("name", layer.path("name").asText());
        ArrayNode members = node.putArray("members");
        for (JsonNode member : layer.path("users")) {
            String user = member.path("user").path("id").asText("");
            if (users.contains(user)) {
                members.add(user);
            } else {
                leftOut.add(new Note(what + ", member " + user, "is a user not carried (deactivated or unknown)"));
            }
        }
        if (members.isEmpty()) {
            leftOut.add(new Note(what, "has no member carried"));
            return Optional.empty();
        }
        node.put(
                "length",
                seconds % 86_400 == 0
                        ? "P" + seconds / 86_400 + "D"
                        : Duration.ofSeconds(seconds).toString());
        node.put("start", virtualStart.atZone(zone).toLocalDateTime().toString());
        ArrayNode restrictions = JSON.arrayNode();
        for (JsonNode restriction : layer.path("restrictions")) {
            restriction(restriction, what).ifPresent(restrictions::add);
        }
        if (!restrictions.isEmpty()) {
            node.set("restrictions", restrictions);
        }
        if (start != null && start.isAfter(virtualStart)) {
            node.put("from", start.toString());
        }
        if (end != null) {
            node.put("until", end.toString());
        }
        return Optional.of(node);
    }

    private Optional<ObjectNode> restriction(JsonNode restriction, String layer) {
        String type = restriction.path("type").asText("");
        long seconds = restriction.path("duration_seconds").asLong();
        LocalTime from;
        try {
            from = LocalTime.parse(restriction.path("start_time_of_day").asText(""));
        } catch (DateTimeException e) {
            from = null;
        }
        boolean weekly = "weekly_restriction".equals(type);
        int day = restriction.path("start_day_of_week").asInt(0);
        if (from == null
                || seconds <= 0
                || !(weekly || "daily_restriction".equals(type))
                || (weekly && (day < 1 || day > 7))) {
            leftOut.add(new Note(layer + ", a restriction", "is not a daily or weekly restriction Kizuki reads"));
            return Optional.empty();
        }
        ObjectNode node = JSON.objectNode();
        if (weekly) {
            node.put("day", DayOfWeek.of(day).name());
        }
        node.put("from", from.toString());
        node.put("duration", Duration.ofSeconds(seconds).toString());
        return Optional.of(node);
    }

    private Optional<ObjectNode> policy(JsonNode policy, Set<String> schedules) {
        String what = "escalation policy "
                + policy.path("name").asText(policy.path("id").asText());
        ObjectNode node = JSON.objectNode();
        node.put("name", policy.path("name").asText());
        ArrayNode levels = node.putArray("levels");
        for (JsonNode rule : policy.path("escalation_rules")) {
            ArrayNode targets = JSON.arrayNode();
            for (JsonNode target : rule.path("targets")) {
                String type = target.path("type").asText("");
                String id = target.path("id").asText("");
                if (type.startsWith("schedule") && schedules.contains(id(id))) {
                    targets.addObject().put("schedule", id(id));
                } else if (type.startsWith("user") && users.contains(id)) {
                    targets.addObject().put("person", id);
                } else {
                    leftOut.add(new Note(
                            what + ", target " + id,
                            type.startsWith("schedule") || type.startsWith("user")
                                    ? "is a " + type.replace("_reference", "") + " not carried"
                                    : "is a " + type + ": Kizuki pages schedules and people"));
                }
            }
            if (targets.isEmpty()) {
                leftOut.add(new Note(what + ", rule " + rule.path("id").asText(), "has no target carried"));
                continue;
            }
            levels.addObject()
                    .put(
                            "timeout",
                            Duration.ofMinutes(Math.max(
                                            1,
                                            rule.path("escalation_delay_in_minutes")
                                                    .asLong()))
                                    .toString())
                    .set("targets", targets);
        }
        if (levels.isEmpty()) {
            leftOut.add(new Note(what, "has no rule carried"));
            return Optional.empty();
        }
        int loops = policy.path("num_loops").asInt(0);
        if (loops > 10) {
            leftOut.add(new Note(what, "repeats " + loops + " times: Kizuki repeats a policy 10 times at most"));
        }
        node.put("repeat", Math.max(0, Math.min(10, loops)));
        return Optional.of(node);
    }

    private void service(JsonNode service, Set<String> policies, List<ObjectNode> rules, List<Sender> senders) {
        String name = service.path("name").asText("");
        String policy = id(service.path("escalation_policy").path("id").asText(""));
        if (name.isEmpty() || !policies.contains(policy)) {
            leftOut.add(new Note(
                    "service " + (name.isEmpty() ? service.path("id").asText() : name),
                    name.isEmpty() ? "has no name to route by" : "uses an escalation policy not carried"));
            return;
        }
        // the product of its Kizuki integrations: its first team's
        String team = service.path("teams").path(0).path("summary").asText("");
        String product = team.isEmpty() ? null : SourceValues.product(team);
        ObjectNode rule = JSON.objectNode();
        rule.putArray("service").add(name);
        rule.put("policy", policy);
        rules.add(rule);
        for (JsonNode integration : service.path("integrations")) {
            String type = integration.path("type").asText("").replace("_reference", "");
            String format = FORMATS.getOrDefault(type, "");
            senders.add(new Sender(
                    name,
                    product,
                    integration.path("summary").asText(integration.path("id").asText()),
                    type,
                    format.isEmpty() ? null : format));
            if (format.isEmpty()) {
                leftOut.add(new Note(
                        "service " + name + ", integration "
                                + integration.path("summary").asText(),
                        "of a kind Kizuki does not receive (" + type + "): point its sender at another format"));
            }
        }
    }
}
