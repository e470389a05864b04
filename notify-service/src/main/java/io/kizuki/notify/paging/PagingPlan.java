package io.kizuki.notify.paging;

import java.time.Instant;
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
 * channels (a level without channels uses the earlier levels'), an e-mail, their Teams chat, their webhook. A SEV1 or SEV2 also pages
 * the SRE schedule ({@code routing.sre}) with the first level.</li>
 * <li>Once acknowledged, and once resolved, everyone paged in this round is told, on the same ways, and the Slack
 * channels paged.</li>
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
        return planned(config, incident, false);
    }

    /**
     * Every notification the incident should have had by now, in the order they should go out; with the Slack app's
     * bot token ({@code bot}), its own Slack channel when its severity asks for one ({@link #incidentChannel}).
     */
    public static List<Notification> planned(OnCallConfig config, Tracked incident, boolean bot) {
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
                            .ifPresent(
                                    person -> people.put(person, config.people().get(person)));
                    if (target.channel() != null) {
                        channels.add(target.channel());
                    }
                }
                if (level == 1 && serious(incident.severity) && config.routing().sre() != null) {
                    resolve(config, new Target(config.routing().sre(), null, null), since)
                            .ifPresent(
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
        return planned;
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
        for (Recipient recipient : people) {
            personal(
                    planned,
                    incident.id,
                    snapshot,
                    purpose,
                    level,
                    recipient,
                    by,
                    way -> Notification.id(incident, purpose, level, way, recipient.id()));
        }
    }

    /** A notification on each way the person is reached on their own, with the id {@code ids} gives each way. */
    private static void personal(
            List<Notification> planned,
            String incidentId,
            Notification.Snapshot snapshot,
            String purpose,
            int level,
            Recipient recipient,
            String by,
            Function<String, String> ids) {
        Person person = recipient.person();
        Map<String, String> ways = new LinkedHashMap<>();
        if (person.email() != null) {
            ways.put(Notification.EMAIL, null);
        }
        if (person.push() != null) {
            ways.put(Notification.PUSH, null);
        }
        if (person.teams() != null) {
            ways.put(Notification.TEAMS, person.teams());
        }
        if (person.webhook() != null) {
            ways.put(Notification.WEBHOOK, person.webhook());
        }
        ways.forEach((way, webhook) -> planned.add(new Notification(
                ids.apply(way),
                incidentId,
                way,
                recipient.id(),
                purpose,
                level,
                List.of(recipient),
                webhook,
                by,
                snapshot,
                List.of())));
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
                way -> "ntf:" + testId + ":" + way + ":" + id);
        return planned;
    }

    private static Optional<String> resolve(OnCallConfig config, Target target, Instant at) {
        if (target.person() != null) {
            return Optional.of(target.person());
        }
        if (target.schedule() != null && config.schedules().containsKey(target.schedule())) {
            return Rotations.onCall(config.schedules().get(target.schedule()), at);
        }
        return Optional.empty();
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
