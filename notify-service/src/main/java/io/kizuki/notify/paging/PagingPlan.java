package io.kizuki.notify.paging;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.kizuki.ledger.Severity;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallConfig.Level;
import io.kizuki.notify.oncall.OnCallConfig.Person;
import io.kizuki.notify.oncall.OnCallConfig.Policy;
import io.kizuki.notify.oncall.OnCallConfig.Rule;
import io.kizuki.notify.oncall.OnCallConfig.Target;
import io.kizuki.notify.oncall.Rotations;
import io.kizuki.notify.paging.Notification.Recipient;

/**
 * Pure: what should have been sent for an incident, given what the ledger says of it and the on-call configuration.
 * <ul>
 * <li>While it is triggered, each level reached so far is paged: the people its targets resolve to when the level
 * began (whoever was on call in a schedule then), on every way they can be reached: mentioned in the level's Slack
 * channels (a level without channels uses the earlier levels'), and on the ways they are reached on their own (e-mail,
 * push, text, call, Teams chat, webhook) as their notification rules say ({@link #plan}: each step once its time since
 * the level began has passed). A SEV1 or SEV2 also pages the SRE schedule ({@code routing.sre}) with the first
 * level.</li>
 * <li>Once acknowledged, and once resolved, everyone paged in this round is told, on the same ways but texts and
 * calls, and the Slack channels paged.</li>
 * </ul>
 * {@link #escalationDue} says when the level's timeout passes while nobody acknowledges.
 */
public final class PagingPlan {

    private PagingPlan() {}

    /** The escalation policy that pages an incident: the first routing rule it matches, else the default. */
    public static String policyFor(OnCallConfig config, Tracked incident) {
        if (incident.policy != null && config.policies().containsKey(incident.policy)) {
            return incident.policy;
        }
        for (Rule rule : orEmpty(config.routing().rules())) {
            if (matches(rule.product(), incident.product)
                    && matches(rule.service(), incident.service)
                    && matches(rule.severity(), incident.severity)
                    && matches(rule.incidentClass(), incident.incidentClass)) {
                return rule.policy();
            }
        }
        return config.routing().defaultPolicy();
    }

    /** Every notification the incident should have had by now, without a Slack bot token. */
    public static List<Notification> planned(OnCallConfig config, Tracked incident) {
        return plan(config, incident, false, Instant.now()).due();
    }

    /**
     * What should have been sent by {@code now} ({@code due}, in the order it should go out), and when the next step
     * of a person's notification rules falls due ({@code next}, if one is waiting).
     */
    public record Plan(List<Notification> due, Optional<Instant> next) {}

    /**
     * Every notification the incident should have had by {@code now}, in the order they should go out; with the Slack
     * app's bot token ({@code bot}), its own Slack channel when its severity asks for one ({@link #incidentChannel}).
     */
    public static Plan plan(OnCallConfig config, Tracked incident, boolean bot, Instant now) {
        Instant[] next = {null};
        String policyId = policyFor(config, incident);
        Policy policy = config.policies().get(policyId);
        List<Notification> planned = new ArrayList<>();
        var snapshot = new Notification.Snapshot(
                incident.id,
                incident.title,
                incident.product,
                incident.service,
                incident.severity == null ? null : incident.severity.name(),
                incident.openedAt,
                incident.level,
                policyId,
                policy == null ? 0 : maxLevel(policy));
        if (incident.triggered && policy != null) {
            Set<String> channelsSoFar = new LinkedHashSet<>();
            for (int level = 1; level <= Math.min(incident.level, maxLevel(policy)); level++) {
                Instant since = incident.levelSince.getOrDefault(level, incident.openedAt);
                Level step = step(policy, level);
                Map<String, Person> people = new LinkedHashMap<>();
                Set<String> channels = new LinkedHashSet<>();
                for (Target target : orEmpty(step.targets())) {
                    resolve(config, target, since)
                            .forEach(
                                    person -> people.put(person, config.people().get(person)));
                    if (target.channel() != null) {
                        channels.add(target.channel());
                    }
                }
                if (level == 1 && serious(incident.severity) && config.routing().sre() != null) {
                    resolve(config, new Target(config.routing().sre(), null, null), since)
                            .forEach(
                                    person -> people.put(person, config.people().get(person)));
                }
                people.values().removeIf(person -> person == null);
                if (channels.isEmpty()) {
                    channels.addAll(channelsSoFar);
                }
                channelsSoFar.addAll(channels);
                List<Recipient> recipients = people.entrySet().stream()
                        .map(entry -> new Recipient(entry.getKey(), entry.getValue()))
                        .toList();
                addAll(planned, config, incident, snapshot, Notification.PAGE, level, channels, recipients, null);
                Instant end = level < incident.level ? incident.levelSince.get(level + 1) : null;
                for (Recipient recipient : recipients) {
                    Optional<Instant> waiting = steps(planned, incident, snapshot, level, since, end, recipient, now);
                    waiting.filter(due -> next[0] == null || due.isBefore(next[0]))
                            .ifPresent(due -> next[0] = due);
                }
            }
        }
        if (incident.acknowledgedBy != null || incident.resolvedBy != null) {
            List<Recipient> told = incident.paged.stream()
                    .filter(config.people()::containsKey)
                    .map(person -> new Recipient(person, config.people().get(person)))
                    .toList();
            Set<String> channels = new LinkedHashSet<>(incident.slackChannels);
            channels.removeIf(channel -> !config.channels().chat(channel));
            if (incident.acknowledgedBy != null) {
                addAll(
                        planned,
                        config,
                        incident,
                        snapshot,
                        Notification.ACKNOWLEDGED,
                        0,
                        channels,
                        told,
                        incident.acknowledgedBy);
            }
            if (incident.resolvedBy != null) {
                addAll(
                        planned,
                        config,
                        incident,
                        snapshot,
                        Notification.RESOLVED,
                        0,
                        channels,
                        told,
                        incident.resolvedBy);
            }
        }
        if (bot) {
            incidentChannel(config, incident, snapshot, planned);
        }
        return new Plan(planned, Optional.ofNullable(next[0]));
    }

    /**
     * A person's pages of one level on the ways they are reached on their own, by their rules: each step once its
     * time since the level began has passed (or at once when the step before it failed for good), before the level
     * ended ({@code end}); the high-urgency steps again every {@code repeatAfter}. Returns when the next step is due.
     */
    private static Optional<Instant> steps(
            List<Notification> planned,
            Tracked incident,
            Notification.Snapshot snapshot,
            int level,
            Instant since,
            Instant end,
            Recipient recipient,
            Instant now) {
        Person person = recipient.person();
        boolean high = incident.severity == null || serious(incident.severity);
        OnCallConfig.Rules rules = person.rules();
        List<OnCallConfig.Step> steps = steps(person, high);
        Duration repeat = high && rules != null ? rules.repeatAfter() : null;
        Instant next = null;
        for (int cycle = 0; cycle < (repeat == null ? 1 : CYCLES); cycle++) {
            Instant base = repeat == null ? since : since.plus(repeat.multipliedBy(cycle));
            if (end != null && (base.isAfter(end) || (cycle > 0 && base.equals(end)))) {
                break;
            }
            if (base.isAfter(now)) {
                next = earlier(next, base);
                break;
            }
            Instant failedBefore = null;
            for (OnCallConfig.Step step : steps) {
                Instant due = base.plus(step.after());
                if (failedBefore != null && failedBefore.isBefore(due)) {
                    due = failedBefore;
                }
                if (!high) {
                    due = outsideQuietHours(person, step.method(), due);
                }
                if (end != null && due.isAfter(end)) {
                    continue;
                }
                String way = step.method();
                String id = Notification.id(incident, Notification.PAGE, level, way, recipient.id())
                        + (cycle == 0 ? "" : Notification.REPEAT + (cycle + 1));
                if (due.isAfter(now)) {
                    next = earlier(next, due);
                    failedBefore = null;
                    continue;
                }
                planned.add(new Notification(
                        id,
                        incident.id,
                        way,
                        recipient.id(),
                        Notification.PAGE,
                        level,
                        List.of(recipient),
                        ownWebhook(person, way),
                        null,
                        snapshot,
                        List.of()));
                failedBefore = incident.failedAt(id).orElse(null);
            }
        }
        return Optional.ofNullable(next);
    }

    /** The steps of a person's rules for this urgency; without rules, every way they have at once (a call if high). */
    static List<OnCallConfig.Step> steps(Person person, boolean high) {
        OnCallConfig.Rules rules = person.rules();
        List<OnCallConfig.Step> steps = rules == null ? null : high ? rules.high() : rules.low();
        if (steps != null && !steps.isEmpty()) {
            return steps.stream()
                    .sorted(java.util.Comparator.comparing(OnCallConfig.Step::after))
                    .toList();
        }
        return Person.METHODS.stream()
                .filter(way -> person.address(way) != null && (high || !Notification.VOICE.equals(way)))
                .map(way -> new OnCallConfig.Step(way, Duration.ZERO))
                .toList();
    }

    /**
     * When a low-urgency step may go: at {@code due}, or once the person's quiet hours end if it falls in them (a call
     * also waits out the night, 22:00 to 07:00, without quiet hours, unless the person takes calls at night).
     */
    static Instant outsideQuietHours(Person person, String way, Instant due) {
        OnCallConfig.Rules rules = person.rules();
        OnCallConfig.QuietHours quiet = rules == null ? null : rules.quietHours();
        if (quiet == null && Notification.VOICE.equals(way) && (rules == null || !rules.callsAtNight())) {
            quiet = NIGHT;
        }
        if (quiet == null || (Notification.VOICE.equals(way) && rules != null && rules.callsAtNight())) {
            return due;
        }
        var local = due.atZone(person.timeZone());
        LocalTime time = local.toLocalTime();
        boolean spansMidnight = quiet.from().isAfter(quiet.until());
        boolean inside = spansMidnight
                ? !time.isBefore(quiet.from()) || time.isBefore(quiet.until())
                : !time.isBefore(quiet.from()) && time.isBefore(quiet.until());
        if (!inside) {
            return due;
        }
        var endsOn = spansMidnight && !time.isBefore(quiet.from())
                ? local.toLocalDate().plusDays(1)
                : local.toLocalDate();
        return endsOn.atTime(quiet.until()).atZone(person.timeZone()).toInstant();
    }

    /** How many times at most a person's high-urgency steps run for one level (the first time included). */
    static final int CYCLES = 10;

    /** The night a low-urgency call waits out when the person set no quiet hours. */
    private static final OnCallConfig.QuietHours NIGHT =
            new OnCallConfig.QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /**
     * The incident's own Slack channel: created (with its pinned summary) while it is open and its severity asks for
     * one; then each person paged and the commander invited, each timeline entry posted, and the acknowledgement and
     * resolution announced there. Ids name the incident, not its round: a reopened incident keeps its channel.
     */
    private static void incidentChannel(
            OnCallConfig config, Tracked incident, Notification.Snapshot snapshot, List<Notification> planned) {
        String channel = incident.incidentChannel;
        boolean open = incident.resolvedBy == null && !incident.closed;
        if (channel == null) {
            if (open && config.channels().incidentChannel(incident.severity)) {
                planned.add(new Notification(
                        "ntf:" + incident.id + ":" + Notification.INCIDENT_CHANNEL,
                        incident.id,
                        Notification.SLACK,
                        incident.id,
                        Notification.INCIDENT_CHANNEL,
                        0,
                        List.of(),
                        null,
                        null,
                        snapshot,
                        List.of()));
            }
            return;
        }
        if (open) {
            Set<String> invited = new LinkedHashSet<>(incident.paged);
            config.people().entrySet().stream()
                    .filter(entry -> incident.commander != null
                            && incident.commander.equals(entry.getValue().user()))
                    .forEach(entry -> invited.add(entry.getKey()));
            for (String id : invited) {
                Person person = config.people().get(id);
                if (person != null && person.slack() != null) {
                    planned.add(new Notification(
                            "ntf:" + incident.id + ":" + Notification.INVITE + ":" + id,
                            incident.id,
                            Notification.SLACK,
                            id,
                            Notification.INVITE,
                            0,
                            List.of(new Recipient(id, person)),
                            channel,
                            null,
                            snapshot,
                            List.of()));
                }
            }
            incident.timeline.forEach((entry, line) -> planned.add(new Notification(
                    "ntf:" + incident.id + ":" + Notification.TIMELINE + ":" + entry,
                    incident.id,
                    Notification.SLACK,
                    channel,
                    Notification.TIMELINE,
                    0,
                    List.of(),
                    channel,
                    line,
                    snapshot,
                    List.of())));
        }
        for (String purpose : List.of(Notification.ACKNOWLEDGED, Notification.RESOLVED)) {
            String by = Notification.ACKNOWLEDGED.equals(purpose) ? incident.acknowledgedBy : incident.resolvedBy;
            if (by != null) {
                planned.add(new Notification(
                        Notification.id(incident, purpose, 0, Notification.SLACK, channel),
                        incident.id,
                        Notification.SLACK,
                        channel,
                        purpose,
                        0,
                        List.of(),
                        channel,
                        by,
                        snapshot,
                        List.of()));
            }
        }
    }

    /** When the incident's current level times out, if it is triggered and there is a next level. */
    public static Optional<Instant> escalationDue(OnCallConfig config, Tracked incident) {
        Policy policy = config.policies().get(policyFor(config, incident));
        if (!incident.triggered || policy == null || incident.level >= maxLevel(policy)) {
            return Optional.empty();
        }
        Level step = step(policy, incident.level);
        Instant since = incident.levelSince.get(incident.level);
        return step.timeout() == null || since == null ? Optional.empty() : Optional.of(since.plus(step.timeout()));
    }

    /** Levels in a policy, its repeats included. */
    static int maxLevel(Policy policy) {
        return orEmpty(policy.levels()).size() * (1 + policy.repeat());
    }

    private static Level step(Policy policy, int level) {
        return policy.levels().get((level - 1) % policy.levels().size());
    }

    private static void addAll(
            List<Notification> planned,
            OnCallConfig config,
            Tracked incident,
            Notification.Snapshot snapshot,
            String purpose,
            int level,
            Set<String> channels,
            List<Recipient> people,
            String by) {
        for (String channel : channels) {
            String type = config.channels().mattermost().containsKey(channel)
                    ? Notification.MATTERMOST
                    : config.channels().teams().containsKey(channel) ? Notification.TEAMS : Notification.SLACK;
            planned.add(new Notification(
                    Notification.id(incident, purpose, level, type, channel),
                    incident.id,
                    type,
                    channel,
                    purpose,
                    level,
                    people,
                    null,
                    by,
                    snapshot,
                    Notification.PAGE.equals(purpose) ? List.of() : incident.messages.get(channel)));
        }
        if (Notification.PAGE.equals(purpose)) {
            return;
        }
        for (Recipient recipient : people) {
            personal(
                    planned,
                    incident.id,
                    snapshot,
                    purpose,
                    level,
                    recipient,
                    by,
                    way -> Notification.id(incident, purpose, level, way, recipient.id()),
                    false);
        }
    }

    /**
     * A notification on each way the person is reached on their own, with the id {@code ids} gives each way; texts and
     * calls only when {@code phone} (an announcement that someone acknowledged wakes nobody).
     */
    private static void personal(
            List<Notification> planned,
            String incidentId,
            Notification.Snapshot snapshot,
            String purpose,
            int level,
            Recipient recipient,
            String by,
            Function<String, String> ids,
            boolean phone) {
        Person person = recipient.person();
        for (String way : Person.METHODS) {
            boolean call = Notification.SMS.equals(way) || Notification.VOICE.equals(way);
            if (person.address(way) != null && (phone || !call)) {
                planned.add(new Notification(
                        ids.apply(way),
                        incidentId,
                        way,
                        recipient.id(),
                        purpose,
                        level,
                        List.of(recipient),
                        ownWebhook(person, way),
                        by,
                        snapshot,
                        List.of()));
            }
        }
    }

    /**
     * A test of each way a person is reached on their own (e-mail, push, their Teams chat, their webhook), about no
     * incident: what {@code POST /api/v1/people/{id}/test-notification} sends.
     */
    public static List<Notification> test(String id, Person person, String testId, Instant now) {
        var snapshot = new Notification.Snapshot(testId, "Test notification", "-", "kizuki", "SEV4", now, 0, "-", 0);
        List<Notification> planned = new ArrayList<>();
        personal(
                planned,
                testId,
                snapshot,
                Notification.TEST,
                0,
                new Recipient(id, person),
                null,
                way -> "ntf:" + testId + ":" + way + ":" + id,
                true);
        return planned;
    }

    /**
     * A person told, on each of their {@code handOffs} ways, that a shift of theirs starts or ends ({@code text}); no
     * incident. {@code key} names the hand-off (the same for every instance that would send it).
     */
    public static List<Notification> handOff(String id, Person person, String key, String text, Instant now) {
        var snapshot = new Notification.Snapshot(key, text, "-", "kizuki", "SEV4", now, 0, "-", 0);
        List<String> ways = person.rules() == null || person.rules().handOffs() == null
                ? List.of()
                : person.rules().handOffs();
        return ways.stream()
                .filter(way -> person.address(way) != null)
                .distinct()
                .map(way -> new Notification(
                        "ntf:" + key + ":" + way,
                        key,
                        way,
                        id,
                        Notification.HAND_OFF,
                        0,
                        List.of(new Recipient(id, person)),
                        ownWebhook(person, way),
                        null,
                        snapshot,
                        List.of()))
                .toList();
    }

    /** What a notification on a person's own way names as its webhook: their Teams workflow or webhook channel. */
    private static String ownWebhook(Person person, String way) {
        return Notification.TEAMS.equals(way) || Notification.WEBHOOK.equals(way) ? person.address(way) : null;
    }

    /** The people a target pages when its level is paged at {@code at}. */
    static List<String> resolve(OnCallConfig config, Target target, Instant at) {
        if (target.person() != null) {
            return List.of(target.person());
        }
        if (target.group() != null && config.groups().containsKey(target.group())) {
            return orEmpty(config.groups().get(target.group()).members());
        }
        if (target.schedule() != null && config.schedules().containsKey(target.schedule())) {
            OnCallConfig.Schedule schedule = config.schedules().get(target.schedule());
            String who = target.who() == null ? Target.ON_CALL : target.who();
            return switch (who) {
                case Target.NEXT -> Rotations.next(schedule, at).stream().toList();
                case Target.ALL -> Rotations.members(schedule);
                default -> Rotations.onCall(schedule, at).stream().toList();
            };
        }
        return List.of();
    }

    private static boolean serious(Severity severity) {
        return severity == Severity.SEV1 || severity == Severity.SEV2;
    }

    private static <T> boolean matches(List<T> allowed, T value) {
        return allowed == null || allowed.isEmpty() || allowed.contains(value);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
