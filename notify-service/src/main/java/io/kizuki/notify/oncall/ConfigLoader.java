package io.kizuki.notify.oncall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.notify.oncall.OnCallConfig.Layer;
import io.kizuki.notify.oncall.OnCallConfig.Level;
import io.kizuki.notify.oncall.OnCallConfig.Person;
import io.kizuki.notify.oncall.OnCallConfig.Policy;
import io.kizuki.notify.oncall.OnCallConfig.Rule;
import io.kizuki.notify.oncall.OnCallConfig.Schedule;
import io.kizuki.notify.oncall.OnCallConfig.Target;

/**
 * Reads and checks the on-call configuration. Everything wrong is reported with its place in the file as a path
 * ({@code $.schedules.shop-primary.layers[0].members[2]}); a file with any problem is refused whole. What can still
 * work but should not stay as it is (a rotation member nobody can reach) comes back as a warning.
 */
public final class ConfigLoader {

    /** Something wrong at a place in the file. */
    public record Problem(String path, String detail) {}

    /** A configuration that was refused, with every problem found. */
    public static final class InvalidConfigException extends RuntimeException {

        private final transient List<Problem> problems;

        InvalidConfigException(List<Problem> problems) {
            super(problems.stream()
                    .map(problem -> problem.path() + ": " + problem.detail())
                    .toList()
                    .toString());
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** A configuration that was accepted, and its warnings. */
    public record Loaded(OnCallConfig config, List<Problem> warnings) {}

    private static final Pattern MATTERMOST_USER = Pattern.compile("[a-z][a-z0-9._-]{2,21}");
    private static final Pattern NTFY_TOPIC = Pattern.compile("[-_A-Za-z0-9]{1,64}");
    /** A phone number as E.164 writes it. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private ConfigLoader() {}

    /** {@code ${NAME}} or {@code ${NAME:default}}: a value taken from the environment when the file is loaded. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");

    /** Parses and checks a configuration file's text that takes no variables from the environment. */
    public static Loaded parse(String yaml) {
        return parse(yaml, name -> Optional.empty());
    }

    /**
     * Parses and checks a configuration file's text, first replacing each {@code ${NAME}} or
     * {@code ${NAME:default}} by the variable's value (so that secrets and addresses stay out of the file).
     *
     * @param variables the value of a variable, if set
     * @throws InvalidConfigException naming every problem found
     */
    public static Loaded parse(String yaml, Function<String, Optional<String>> variables) {
        List<Problem> unset = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Matcher matcher = VARIABLE.matcher(yaml);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            Optional<String> set = variables.apply(matcher.group(1));
            Optional<String> value = set.or(() -> Optional.ofNullable(matcher.group(2)));
            if (value.isEmpty()) {
                unset.add(new Problem(
                        "$",
                        "${" + matcher.group(1) + "} is not set, not an allowed variable, and has " + "no default"));
            }
            // what the environment gave is hidden in problems; a default is written in the file itself
            set.filter(text -> !text.isEmpty()).ifPresent(text -> values.put(text, "${" + matcher.group(1) + "}"));
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(value.orElse("")));
        }
        matcher.appendTail(expanded);
        if (!unset.isEmpty()) {
            throw new InvalidConfigException(unset);
        }
        try {
            Loaded loaded = check(expanded.toString());
            return new Loaded(loaded.config(), hide(loaded.warnings(), values));
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(hide(e.problems(), values));
        }
    }

    /** Problems as they may be shown: a variable's value (a secret, an address) is named, never quoted. */
    private static List<Problem> hide(List<Problem> problems, Map<String, String> values) {
        List<String> longestFirst = values.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        return problems.stream()
                .map(problem -> {
                    String path = problem.path();
                    String detail = problem.detail();
                    for (String value : longestFirst) {
                        path = path.replace(value, values.get(value));
                        detail = detail == null ? null : detail.replace(value, values.get(value));
                    }
                    return new Problem(path, detail);
                })
                .toList();
    }

    private static Loaded check(String yaml) {
        OnCallConfig config;
        try {
            config = YAML.readValue(yaml, OnCallConfig.class);
        } catch (JsonMappingException e) {
            throw new InvalidConfigException(List.of(new Problem(path(e), e.getOriginalMessage())));
        } catch (JacksonException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw new InvalidConfigException(
                    List.of(new Problem("$", "not valid YAML" + where + ": " + e.getOriginalMessage())));
        }
        if (config == null) {
            throw new InvalidConfigException(List.of(new Problem("$", "the file is empty")));
        }
        Check check = new Check(config);
        check.all();
        if (!check.problems.isEmpty()) {
            throw new InvalidConfigException(check.problems);
        }
        return new Loaded(config, List.copyOf(check.warnings));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The checks the types alone do not make: references, required fields, reachability. */
    private static final class Check {

        private final OnCallConfig config;
        private final List<Problem> problems = new ArrayList<>();
        private final List<Problem> warnings = new ArrayList<>();

        Check(OnCallConfig config) {
            this.config = config;
        }

        void all() {
            Map<String, Person> people = orEmpty(config.people());
            Map<String, String> slackMembers = new HashMap<>();
            people.forEach((id, person) -> {
                String at = "$.people." + id;
                required(person.timeZone(), at + ".timeZone");
                if (person.slack() != null) {
                    String other = slackMembers.putIfAbsent(person.slack(), id);
                    if (other != null) {
                        problems.add(new Problem(
                                at + ".slack", "the Slack member " + person.slack() + " is " + other + " already"));
                    }
                }
                if (person.mattermost() != null
                        && !MATTERMOST_USER.matcher(person.mattermost()).matches()) {
                    problems.add(new Problem(
                            at + ".mattermost", "must be a Mattermost user name (lower-case letters, digits, . _ -)"));
                }
                if (person.user() != null
                        && (!CommandAuthorization.USERNAME
                                        .matcher(person.user())
                                        .matches()
                                || person.user().startsWith("service-account-"))) {
                    problems.add(new Problem(
                            at + ".user",
                            "must be a Keycloak user name (letters, digits, . _ @ -), not a service account"));
                }
                if (person.webhook() != null && !orEmpty(channels().webhooks()).containsKey(person.webhook())) {
                    problems.add(new Problem(at + ".webhook", "no webhook channel named " + person.webhook()));
                }
                if (person.push() != null && !NTFY_TOPIC.matcher(person.push()).matches()) {
                    problems.add(new Problem(
                            at + ".push", "must be an ntfy topic: letters, digits, - and _, at most 64 characters"));
                }
                if (person.teams() != null && !channels().teams().containsKey(person.teams())) {
                    problems.add(new Problem(at + ".teams", "no Teams workflow named " + person.teams()));
                }
                for (var number :
                        List.of(Map.entry("sms", orBlank(person.sms())), Map.entry("voice", orBlank(person.voice())))) {
                    if (!number.getValue().isEmpty()
                            && !E164.matcher(number.getValue()).matches()) {
                        problems.add(new Problem(
                                at + "." + number.getKey(),
                                "must be a phone number in E.164 form: + and the country code, up to 15 digits"));
                    }
                }
                if (person.language() != null && !Person.LANGUAGES.contains(person.language())) {
                    problems.add(new Problem(at + ".language", "must be one of " + Person.LANGUAGES));
                }
                rules(person, at + ".rules");
            });
            channels().slack().forEach((id, target) -> {
                if (OnCallConfig.Channels.slackChannelId(target).isEmpty()
                        && !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))) {
                    problems.add(new Problem(
                            "$.channels.slack." + id,
                            "must be an incoming-webhook URL (https://hooks.slack.com/…) or a channel id (C…)"));
                }
            });
            channels().mattermost().keySet().stream()
                    .filter(channels().slack()::containsKey)
                    .forEach(id -> problems.add(new Problem(
                            "$.channels.mattermost." + id, "names a Slack channel too: one id names one channel")));
            channels().teams().keySet().stream()
                    .filter(id -> channels().slack().containsKey(id)
                            || channels().mattermost().containsKey(id)
                            || people.containsKey(id))
                    .forEach(id -> problems.add(new Problem(
                            "$.channels.teams." + id,
                            "names a Slack or Mattermost channel or a person too: one id names one thing")));
            smtp(channels().smtp());
            orEmpty(config.groups()).forEach((id, group) -> {
                List<String> members = group == null ? List.of() : orEmpty(group.members());
                if (members.isEmpty()) {
                    problems.add(new Problem("$.groups." + id + ".members", "a group needs at least one member"));
                }
                for (int m = 0; m < members.size(); m++) {
                    person(members.get(m), "$.groups." + id + ".members[" + m + "]", true);
                }
            });
            orEmpty(config.schedules()).forEach(this::schedule);
            orEmpty(config.policies()).forEach(this::policy);
            routing();
        }

        /** A person's rules use only ways they have, at sensible times. */
        private void rules(Person person, String at) {
            OnCallConfig.Rules rules = person.rules();
            if (rules == null) {
                return;
            }
            Duration last = Duration.ZERO;
            for (var set : List.of(Map.entry("high", orEmpty(rules.high())), Map.entry("low", orEmpty(rules.low())))) {
                for (int i = 0; i < set.getValue().size(); i++) {
                    OnCallConfig.Step step = set.getValue().get(i);
                    String where = at + "." + set.getKey() + "[" + i + "]";
                    if (step == null || step.method() == null || !Person.METHODS.contains(step.method())) {
                        problems.add(
                                new Problem(where + ".method", "must be one of " + String.join(", ", Person.METHODS)));
                    } else if (person.address(step.method()) == null) {
                        problems.add(new Problem(where + ".method", "the person has no " + step.method() + " to use"));
                    }
                    if (step != null
                            && (step.after().isNegative() || step.after().compareTo(Duration.ofDays(1)) > 0)) {
                        problems.add(new Problem(where + ".after", "must be between PT0S and P1D"));
                    } else if (step != null
                            && "high".equals(set.getKey())
                            && step.after().compareTo(last) > 0) {
                        last = step.after();
                    }
                }
            }
            if (rules.repeatAfter() != null
                    && (rules.repeatAfter().compareTo(Duration.ofMinutes(1)) < 0
                            || rules.repeatAfter().compareTo(last) <= 0)) {
                problems.add(new Problem(
                        at + ".repeatAfter", "must be at least PT1M and longer than the last high step's after"));
            }
            List<String> handOffs = orEmpty(rules.handOffs());
            for (int i = 0; i < handOffs.size(); i++) {
                String method = handOffs.get(i);
                if (method == null || !Person.METHODS.contains(method) || person.address(method) == null) {
                    problems.add(new Problem(
                            at + ".handOffs[" + i + "]",
                            "must be one of the person's ways: " + String.join(", ", Person.METHODS)));
                }
            }
            OnCallConfig.QuietHours quiet = rules.quietHours();
            if (quiet != null
                    && (quiet.from() == null
                            || quiet.until() == null
                            || quiet.from().equals(quiet.until()))) {
                problems.add(new Problem(at + ".quietHours", "needs from and until, two different times of day"));
            }
        }

        private static String orBlank(String text) {
            return text == null ? "" : text;
        }

        private void smtp(OnCallConfig.Smtp smtp) {
            if (smtp == null) {
                return;
            }
            required(smtp.host(), "$.channels.smtp.host");
            required(smtp.from(), "$.channels.smtp.from");
            if (smtp.port() < 1 || smtp.port() > 65_535) {
                problems.add(new Problem("$.channels.smtp.port", "must be a port, 1 to 65535"));
            }
        }

        private void schedule(String id, Schedule schedule) {
            String at = "$.schedules." + id;
            required(schedule.timeZone(), at + ".timeZone");
            List<Layer> layers = orEmpty(schedule.layers());
            if (layers.isEmpty()) {
                problems.add(new Problem(at + ".layers", "a schedule needs at least one layer"));
            }
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                String layerAt = at + ".layers[" + i + "]";
                required(layer.start(), layerAt + ".start");
                if (required(layer.length(), layerAt + ".length")) {
                    try {
                        Rotations.TurnLength.parse(layer.length());
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem(layerAt + ".length", e.getMessage()));
                    }
                }
                List<String> members = orEmpty(layer.members());
                if (members.isEmpty()) {
                    problems.add(new Problem(layerAt + ".members", "a layer needs at least one member"));
                }
                for (int m = 0; m < members.size(); m++) {
                    person(members.get(m), layerAt + ".members[" + m + "]", true);
                }
                if (layer.from() != null
                        && layer.until() != null
                        && !layer.until().isAfter(layer.from())) {
                    problems.add(new Problem(layerAt + ".until", "must be after from"));
                }
                for (int r = 0; r < layer.restrictions().size(); r++) {
                    restriction(layer.restrictions().get(r), layerAt + ".restrictions[" + r + "]");
                }
            }
            var overrides = orEmpty(schedule.overrides());
            for (int i = 0; i < overrides.size(); i++) {
                var override = overrides.get(i);
                String overrideAt = at + ".overrides[" + i + "]";
                person(override.person(), overrideAt + ".person", true);
                if (required(override.from(), overrideAt + ".from")
                        && required(override.until(), overrideAt + ".until")
                        && !override.until().isAfter(override.from())) {
                    problems.add(new Problem(overrideAt + ".until", "must be after from"));
                }
            }
        }

        /** A window of at most a day (every day) or a week (one day of the week), and more than nothing. */
        private void restriction(OnCallConfig.Restriction restriction, String at) {
            if (restriction == null) {
                problems.add(new Problem(at, "is required"));
                return;
            }
            required(restriction.from(), at + ".from");
            if (required(restriction.duration(), at + ".duration")) {
                Duration most = restriction.day() == null
                        ? Duration.ofDays(1)
                        : Duration.ofDays(Rotations.RESTRICTION_REACH_DAYS);
                if (restriction.duration().isNegative()
                        || restriction.duration().isZero()
                        || restriction.duration().compareTo(most) > 0) {
                    problems.add(new Problem(
                            at + ".duration",
                            "must be positive and at most " + most + (restriction.day() == null ? "" : " (with day)")));
                }
            }
        }

        private void policy(String id, Policy policy) {
            String at = "$.escalationPolicies." + id;
            List<Level> levels = orEmpty(policy.levels());
            if (levels.isEmpty()) {
                problems.add(new Problem(at + ".levels", "a policy needs at least one level"));
            }
            if (policy.repeat() < 0 || policy.repeat() > 10) {
                problems.add(new Problem(at + ".repeat", "must be between 0 and 10"));
            }
            for (int i = 0; i < levels.size(); i++) {
                Level level = levels.get(i);
                String levelAt = at + ".levels[" + i + "]";
                if (required(level.timeout(), levelAt + ".timeout")) {
                    if (level.timeout().isNegative() || level.timeout().isZero()) {
                        problems.add(new Problem(levelAt + ".timeout", "must be positive"));
                    } else if (level.timeout().toSeconds() < 60) {
                        warnings.add(new Problem(
                                levelAt + ".timeout",
                                "is shorter than a minute: it escalates before most people can acknowledge"));
                    }
                }
                List<Target> targets = orEmpty(level.targets());
                if (targets.isEmpty()) {
                    problems.add(new Problem(levelAt + ".targets", "a level needs at least one target"));
                }
                for (int t = 0; t < targets.size(); t++) {
                    target(targets.get(t), levelAt + ".targets[" + t + "]");
                }
            }
        }

        private void target(Target target, String at) {
            int given = (target.schedule() == null ? 0 : 1)
                    + (target.person() == null ? 0 : 1)
                    + (target.channel() == null ? 0 : 1)
                    + (target.group() == null ? 0 : 1);
            if (given != 1) {
                problems.add(new Problem(at, "give exactly one of schedule, person, group, channel"));
                return;
            }
            if (target.who() != null && (target.schedule() == null || !Target.WHO.contains(target.who()))) {
                problems.add(
                        new Problem(at + ".who", "is for a schedule target: one of " + String.join(", ", Target.WHO)));
            }
            if (target.group() != null) {
                if (!orEmpty(config.groups()).containsKey(target.group())) {
                    problems.add(new Problem(at + ".group", "no group named " + target.group()));
                }
            } else if (target.schedule() != null) {
                schedule(target.schedule(), at + ".schedule");
            } else if (target.person() != null) {
                person(target.person(), at + ".person", false);
            } else if (!channels().chat(target.channel())) {
                problems.add(new Problem(
                        at + ".channel", "no Slack, Mattermost or Teams channel named " + target.channel()));
            }
        }

        private void routing() {
            if (config.routing() == null) {
                problems.add(new Problem("$.routing", "is required: which policy pages an incident"));
                return;
            }
            policy(config.routing().defaultPolicy(), "$.routing.default");
            if (config.routing().sre() != null) {
                schedule(config.routing().sre(), "$.routing.sre");
            }
            List<Rule> rules = orEmpty(config.routing().rules());
            for (int i = 0; i < rules.size(); i++) {
                policy(rules.get(i).policy(), "$.routing.rules[" + i + "].policy");
            }
        }

        private void policy(String id, String at) {
            if (required(id, at) && !orEmpty(config.policies()).containsKey(id)) {
                problems.add(new Problem(at, "no escalation policy named " + id));
            }
        }

        private void schedule(String id, String at) {
            if (!orEmpty(config.schedules()).containsKey(id)) {
                problems.add(new Problem(at, "no schedule named " + id));
            }
        }

        private void person(String id, String at, boolean rotationMember) {
            Person person = orEmpty(config.people()).get(id);
            if (person == null) {
                problems.add(new Problem(at, "no person named " + id));
            } else if (rotationMember
                    && person.slack() == null
                    && person.mattermost() == null
                    && person.email() == null
                    && person.webhook() == null
                    && person.teams() == null
                    && person.push() == null
                    && person.sms() == null
                    && person.voice() == null) {
                warnings.add(
                        new Problem(
                                at,
                                id
                                        + " is on a rotation but has no slack, mattermost, teams, push, sms, voice, email or webhook"));
            }
        }

        private OnCallConfig.Channels channels() {
            return config.channels() == null
                    ? new OnCallConfig.Channels(null, null, null, null, null, null)
                    : config.channels();
        }

        private boolean required(Object value, String at) {
            if (value == null) {
                problems.add(new Problem(at, "is required"));
                return false;
            }
            return true;
        }

        private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
            return map == null ? Map.of() : map;
        }

        private static <T> List<T> orEmpty(List<T> list) {
            return list == null ? List.of() : list;
        }
    }
}
