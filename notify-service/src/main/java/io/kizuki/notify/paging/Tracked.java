package io.kizuki.notify.paging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;

/**
 * What paging needs to know of one incident, folded from its ledger events by {@link #apply}: whether it still
 * waits for someone, its escalation level and since when, who was paged, and which notifications have ended
 * (delivered or failed). Everything here comes from the ledger, so a restarted notify-service knows exactly what it
 * knew before.
 * <p>
 * A reopened incident starts a new round ({@link #round}): paged again from the first level.
 */
public final class Tracked {

    final String id;
    final String title;
    final String product;
    final String service;
    final String incidentClass;
    final Instant openedAt;
    Severity severity;
    int round = 1;
    boolean triggered = true;
    /** Closed: final, nothing is paged or escalated any more. */
    boolean closed;

    String acknowledgedBy;
    String resolvedBy;
    int level = 1;
    String policy;
    final Map<Integer, Instant> levelSince = new HashMap<>();
    /** Who was paged in this round, in the order paged. */
    final Set<String> paged = new LinkedHashSet<>();
    /**
     * The chat channels (Slack, Mattermost or Teams: an id names one of them) a page of this round went to, and the
     * people paged in their Teams chat (announcements skip those: no channel has their id); the name stays what
     * paging states already written call it.
     */
    final Set<String> slackChannels = new LinkedHashSet<>();
    /**
     * The Slack messages of this round's pages that the app posted with its bot token, by Slack channel id (the
     * recipient): each {@code <channel id>/<ts>}, updated in place when the incident changes.
     */
    final Map<String, List<String>> messages = new LinkedHashMap<>();
    /** The incident's own Slack channel (its id), once created; kept when it is reopened. */
    String incidentChannel;
    /** The Kizuki user who leads it (the commander role), invited to its channel. */
    String commander;
    /**
     * Its timeline entries since its channel was made, by entry id: what the channel shows, the latest
     * {@value #LINES} (an incident without a channel keeps none).
     */
    final Map<String, String> timeline = new LinkedHashMap<>();
    /** The notifications that ended, delivered or failed for good, by the id of their first round. */
    final Set<String> ended = new HashSet<>();
    /** The notifications whose last round failed on what may pass, by the id of their first round. */
    final Map<String, Retry> retries = new HashMap<>();
    /** The pages to a person that failed for good, by the id of their first round: when (their next step is due then). */
    final Map<String, Instant> failed = new HashMap<>();

    /** How many timeline entries are kept for the incident's channel. */
    static final int LINES = 200;

    /** A notification to send again: the round that failed last, and when. */
    public record Retry(int round, Instant failedAt) {}

    /**
     * Everything folded so far, as notify-service keeps it in its paging state ({@code kizuki.notify-state.v1}) so
     * that a partition's owner need not fold the whole ledger again; {@link #restore} makes the same incident again.
     */
    public record Snapshot(
            String id,
            String title,
            String product,
            String service,
            String incidentClass,
            Instant openedAt,
            Severity severity,
            int round,
            boolean triggered,
            boolean closed,
            String acknowledgedBy,
            String resolvedBy,
            int level,
            String policy,
            Map<Integer, Instant> levelSince,
            List<String> paged,
            List<String> slackChannels,
            Set<String> ended,
            Map<String, Retry> retries,
            Map<String, List<String>> messages,
            String incidentChannel,
            String commander,
            Map<String, String> timeline,
            Map<String, Instant> failed) {}

    public Tracked(IncidentOpened opened) {
        this.id = opened.incidentId();
        this.title = opened.title();
        this.product = opened.product();
        this.service = opened.service();
        this.incidentClass = opened.signalClass();
        this.openedAt = opened.openedAt();
        this.severity = opened.severity();
        levelSince.put(1, opened.openedAt());
    }

    private Tracked(Snapshot snapshot) {
        this.id = snapshot.id();
        this.title = snapshot.title();
        this.product = snapshot.product();
        this.service = snapshot.service();
        this.incidentClass = snapshot.incidentClass();
        this.openedAt = snapshot.openedAt();
        this.severity = snapshot.severity();
        this.round = snapshot.round();
        this.triggered = snapshot.triggered();
        this.closed = snapshot.closed();
        this.acknowledgedBy = snapshot.acknowledgedBy();
        this.resolvedBy = snapshot.resolvedBy();
        this.level = snapshot.level();
        this.policy = snapshot.policy();
        levelSince.putAll(snapshot.levelSince());
        paged.addAll(snapshot.paged());
        slackChannels.addAll(snapshot.slackChannels());
        ended.addAll(snapshot.ended());
        retries.putAll(snapshot.retries());
        if (snapshot.messages() != null) {
            snapshot.messages().forEach((channel, refs) -> messages.put(channel, new ArrayList<>(refs)));
        }
        this.incidentChannel = snapshot.incidentChannel();
        this.commander = snapshot.commander();
        if (snapshot.timeline() != null) {
            timeline.putAll(snapshot.timeline());
        }
        if (snapshot.failed() != null) {
            failed.putAll(snapshot.failed());
        }
    }

    /** The incident as a snapshot holds it. */
    public static Tracked restore(Snapshot snapshot) {
        return new Tracked(snapshot);
    }

    /** What it knows now, as a value of its own (nothing shared with this incident). */
    public Snapshot snapshot() {
        return new Snapshot(
                id,
                title,
                product,
                service,
                incidentClass,
                openedAt,
                severity,
                round,
                triggered,
                closed,
                acknowledgedBy,
                resolvedBy,
                level,
                policy,
                new TreeMap<>(levelSince),
                List.copyOf(paged),
                List.copyOf(slackChannels),
                Set.copyOf(ended),
                Map.copyOf(retries),
                messages.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                entry -> List.copyOf(entry.getValue()),
                                (a, b) -> a,
                                LinkedHashMap::new)),
                incidentChannel,
                commander,
                new LinkedHashMap<>(timeline),
                Map.copyOf(failed));
    }

    /** Folds one more event of the incident in. */
    public void apply(IncidentEvent event) {
        switch (event) {
            case IncidentAcknowledged a -> acknowledge(a.acknowledgedBy());
            case StatusChanged s -> acknowledge(s.changedBy());
            case IncidentResolved r -> {
                triggered = false;
                resolvedBy = r.resolvedBy();
            }
            case IncidentClosed c -> {
                triggered = false;
                closed = true;
            }
            case IncidentReopened r -> {
                round++;
                triggered = true;
                acknowledgedBy = null;
                resolvedBy = null;
                level = 1;
                levelSince.clear();
                levelSince.put(1, r.reopenedAt());
                paged.clear();
                slackChannels.clear();
                messages.clear();
                retries.clear();
                failed.clear();
            }
            case IncidentEscalated e -> {
                level = e.toLevel();
                levelSince.put(e.toLevel(), e.escalatedAt());
                if (e.policy() != null) {
                    policy = e.policy();
                }
            }
            case SeverityChanged s -> severity = s.to();
            case ResponderPaged p -> paged.add(p.person());
            case RoleAssigned r when "commander".equals(r.role()) -> commander = r.assignee();
            case TimelineEntryAdded t
            when incidentChannel != null -> {
                timeline.put(t.entryId(), t.addedBy() + ": " + t.text());
                if (timeline.size() > LINES) {
                    timeline.remove(timeline.keySet().iterator().next());
                }
            }
            case NotificationDelivered d -> {
                ended(d.notificationId(), d.channel(), d.recipient(), d.purpose());
                if (Notification.INCIDENT_CHANNEL.equals(d.purpose()) && d.reference() != null) {
                    incidentChannel = d.reference().substring(0, d.reference().indexOf('/'));
                }
                if (d.reference() != null && Notification.PAGE.equals(d.purpose())) {
                    List<String> refs = messages.computeIfAbsent(d.recipient(), channel -> new ArrayList<>());
                    if (!refs.contains(d.reference())) {
                        refs.add(d.reference());
                    }
                }
            }
            case NotificationFailed f
            when f.retrying() -> {
                retries.merge(
                        Notification.first(f.notificationId()),
                        new Retry(Notification.round(f.notificationId()), f.failedAt()),
                        (earlier, later) -> later.round() >= earlier.round() ? later : earlier);
                slackPaged(f.channel(), f.recipient(), f.purpose());
            }
            case NotificationFailed f -> {
                ended(f.notificationId(), f.channel(), f.recipient(), f.purpose());
                if (Notification.PAGE.equals(f.purpose())) {
                    failed.put(Notification.first(f.notificationId()), f.failedAt());
                }
            }
            default -> {
                // alerts, notes, roles, changes and action items do not change who is paged
            }
        }
    }

    private void acknowledge(String by) {
        if (triggered && acknowledgedBy == null) {
            acknowledgedBy = by;
        }
        triggered = false;
    }

    private void ended(String notificationId, String channel, String recipient, String purpose) {
        String first = Notification.first(notificationId);
        ended.add(first);
        retries.remove(first);
        slackPaged(channel, recipient, purpose);
    }

    private void slackPaged(String channel, String recipient, String purpose) {
        if ((Notification.SLACK.equals(channel)
                        || Notification.MATTERMOST.equals(channel)
                        || Notification.TEAMS.equals(channel))
                && Notification.PAGE.equals(purpose)) {
            slackChannels.add(recipient);
        }
    }

    /**
     * The notifications whose end (delivered, or failed for good) the ledger shows, by the id of their first round.
     */
    public Set<String> ended() {
        return ended;
    }

    /** When the page with this first-round id failed for good, if it did. */
    public Optional<Instant> failedAt(String firstId) {
        return Optional.ofNullable(failed.get(firstId));
    }

    /** Whether the notification with this first-round id failed last on what may pass, and is to be sent again. */
    public Optional<Retry> retry(String firstId) {
        return Optional.ofNullable(retries.get(firstId));
    }

    /** Closed for good (a closed incident is never reopened). */
    public boolean closed() {
        return closed;
    }

    /** Nobody acknowledged it yet (in this round). */
    public boolean triggered() {
        return triggered;
    }

    /** Names the escalation from where it is now: the incident, the round and the level. */
    public String escalationKey() {
        return id + ":" + round + ":" + level;
    }

    public String id() {
        return id;
    }

    public int level() {
        return level;
    }
}
