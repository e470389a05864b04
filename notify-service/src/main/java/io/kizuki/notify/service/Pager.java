package io.kizuki.notify.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kizuki.ledger.StableId;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;
import io.kizuki.notify.channel.SlackWebApi;
import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.paging.Notification;
import io.kizuki.notify.paging.PagingPlan;
import io.kizuki.notify.paging.Tracked;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Pages from what the ledger says. It keeps, per incident of the ledger partitions this instance owns, what paging
 * needs ({@link Tracked}), and after each batch of events compares what should have been sent ({@link PagingPlan})
 * with what the ledger says has ended and what is under way: whatever is missing is sent. Each notification's
 * outcome goes back to the ledger as one command, with the people its first round paged, so after a restart (or on another instance) nothing
 * that ended is sent again. A notification whose round of attempts failed on what may pass (a channel down for
 * minutes) is recorded as failed, and sent again in a later round while it is still planned (a page: until someone
 * acknowledges), up to {@code kizuki.notify.delivery.rounds}; the ledger holds each round's end, so a restart goes
 * on with the next round. An escalation timer per triggered incident asks incident-service to escalate when the
 * level's timeout passes; the decider accepts it once per level.
 */
@ApplicationScoped
public class Pager {

    private static final Logger LOG = Logger.getLogger(Pager.class);

    private final OnCallDirectory directory;
    private final Deliveries deliveries;
    private final CommandSender commands;
    private final Map<Integer, Map<String, Tracked>> partitions = new HashMap<>();
    /** Notifications started by this instance whose end the ledger has not shown yet. */
    private final Set<String> underWay = new HashSet<>();

    private final InFlight inFlight = new InFlight();
    /** Per incident, the timer of its next escalation (concurrent: the overdue gauge reads it without the lock). */
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    /** Per incident, the timer that reconciles it when a notification's next round is due. */
    private final Map<String, ScheduledFuture<?>> rounds = new ConcurrentHashMap<>();
    /** The escalations asked for (incident, round, level), so that a timer asks once. */
    private final Set<String> escalationsAsked = new HashSet<>();
    /** Per partition, the incidents that changed, and those forgotten, since its paging state was last written. */
    private final Map<Integer, Set<String>> changed = new HashMap<>();

    private final Map<Integer, Set<String>> forgotten = new HashMap<>();
    /**
     * Per incident, the trace context of the last ledger record applied to it (when its writer traced it): the parent
     * of the deliveries it sets off, so that a page is in the trace of the alert or command that caused it.
     */
    private final Map<String, Context> causes = new HashMap<>();

    private final Tracer tracer;

    /**
     * What changed in a partition's incidents since its paging state was last written: the incidents as they are
     * now, and those no longer tracked (closed, with nothing left to send).
     */
    public record Changes(List<Tracked.Snapshot> incidents, Set<String> forgotten) {

        public boolean isEmpty() {
            return incidents.isEmpty() && forgotten.isEmpty();
        }
    }

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kizuki-escalation").daemon().factory());

    /** Whether the Slack app's bot token is configured: incidents may get channels of their own. */
    private final boolean bot;

    private final NotifyConfig.Delivery settings;

    public Pager(
            OnCallDirectory directory,
            Deliveries deliveries,
            CommandSender commands,
            NotifyConfig config,
            SlackWebApi slack,
            Tracer tracer) {
        this.tracer = tracer;
        this.directory = directory;
        this.deliveries = deliveries;
        this.commands = commands;
        this.settings = config.delivery();
        this.bot = slack.configured();
    }

    /**
     * Folds an event of an owned partition in; returns the incident it is about, if tracked.
     *
     * @param cause the trace context of the event's record (the root context when it carries none), kept while the
     *              incident is tracked
     */
    public synchronized Optional<String> apply(int partition, IncidentEvent event, Context cause) {
        Optional<String> tracked = apply(partition, event);
        if (tracked.isPresent() && Span.fromContext(cause).getSpanContext().isValid()) {
            causes.put(tracked.get(), cause);
        }
        return tracked;
    }

    private Optional<String> apply(int partition, IncidentEvent event) {
        Map<String, Tracked> incidents = partitions.computeIfAbsent(partition, p -> new HashMap<>());
        if (event instanceof NotificationDelivered delivered) {
            underWay.remove(delivered.notificationId());
        } else if (event instanceof NotificationFailed failed) {
            underWay.remove(failed.notificationId());
        }
        if (event instanceof IncidentOpened opened) {
            incidents.putIfAbsent(opened.incidentId(), new Tracked(opened));
            changed(partition).add(opened.incidentId());
            return Optional.of(opened.incidentId());
        }
        Tracked incident = incidents.get(event.incidentId());
        if (incident == null) {
            return Optional.empty();
        }
        incident.apply(event);
        changed(partition).add(incident.id());
        return Optional.of(incident.id());
    }

    /** A partition's incidents as its paging state held them, before the ledger after that state is read. */
    public synchronized void restore(int partition, Collection<Tracked.Snapshot> snapshots) {
        Map<String, Tracked> incidents = new HashMap<>();
        snapshots.forEach(snapshot -> incidents.put(snapshot.id(), Tracked.restore(snapshot)));
        partitions.put(partition, incidents);
    }

    /** What changed in the partition since {@link #written}; read on the thread that applies its events. */
    public synchronized Changes changes(int partition) {
        Map<String, Tracked> incidents = partitions.getOrDefault(partition, Map.of());
        List<Tracked.Snapshot> now = new ArrayList<>();
        for (String id : changed.getOrDefault(partition, Set.of())) {
            Tracked incident = incidents.get(id);
            if (incident != null) {
                now.add(incident.snapshot());
            }
        }
        return new Changes(now, Set.copyOf(forgotten.getOrDefault(partition, Set.of())));
    }

    /** The changes are in the paging state: they need not be written again (unless they change again). */
    public synchronized void written(int partition, Changes written) {
        Set<String> ids = changed.get(partition);
        if (ids != null) {
            written.incidents().forEach(snapshot -> ids.remove(snapshot.id()));
        }
        Set<String> gone = forgotten.get(partition);
        if (gone != null) {
            gone.removeAll(written.forgotten());
        }
    }

    private Set<String> changed(int partition) {
        return changed.computeIfAbsent(partition, p -> new HashSet<>());
    }

    /** Sends what the given incidents miss, and sets their escalation timers. */
    public synchronized void reconcile(int partition, Collection<String> incidentIds) {
        Map<String, Tracked> incidents = partitions.getOrDefault(partition, Map.of());
        OnCallConfig config = directory.paging();
        for (String id : incidentIds) {
            Tracked incident = incidents.get(id);
            if (incident != null) {
                reconcile(partition, incident, config);
            }
        }
    }

    /** After a partition's history was read: everything of it. */
    public synchronized void reconcileAll(int partition) {
        reconcile(
                partition,
                List.copyOf(partitions.getOrDefault(partition, Map.of()).keySet()));
    }

    /**
     * Waits, at most {@code max}, until the deliveries this instance started for the partitions have ended and their
     * outcomes are handed to Kafka (before it gives the partitions up); whether they have.
     */
    public boolean awaitDeliveries(Collection<Integer> partitions, Duration max) throws InterruptedException {
        return inFlight.awaitNone(partitions, max);
    }

    /** This instance no longer owns the partition: forget its incidents and stop their timers. */
    public synchronized void forget(int partition) {
        changed.remove(partition);
        forgotten.remove(partition);
        Map<String, Tracked> incidents = partitions.remove(partition);
        if (incidents != null) {
            incidents.keySet().forEach(id -> {
                Optional.ofNullable(timers.remove(id)).ifPresent(t -> t.cancel(false));
                Optional.ofNullable(rounds.remove(id)).ifPresent(t -> t.cancel(false));
                causes.remove(id);
            });
        }
    }

    /**
     * How late the latest timer due is (an escalation or a next round that should have run and has not: the timer
     * thread stuck, or the pager's lock held), in seconds; 0 when none is late. Read without the lock.
     */
    public double overdueSeconds() {
        long late = 0;
        for (Map<String, ScheduledFuture<?>> scheduled : List.of(timers, rounds)) {
            for (ScheduledFuture<?> timer : scheduled.values()) {
                if (!timer.isDone()) {
                    late = Math.max(late, -timer.getDelay(TimeUnit.MILLISECONDS));
                }
            }
        }
        return late / 1000.0;
    }

    /** Incidents tracked, for the gauge. */
    public synchronized int tracked() {
        return partitions.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * Starts what the incident misses: each planned notification that has not ended, in its first round, or in the
     * next round once the wait after a round that failed on what may pass is over (a timer reconciles the incident
     * again when the earliest such wait ends, or the next step of a person's notification rules falls due).
     */
    private void reconcile(int partition, Tracked incident, OnCallConfig config) {
        Set<String> ended = incident.ended();
        Instant now = Instant.now();
        Instant nextRound = null;
        boolean pending = false;
        PagingPlan.Plan plan = PagingPlan.plan(config, incident, bot, now);
        if (plan.next().isPresent()) {
            pending = true;
            nextRound = plan.next().get();
        }
        for (Notification planned : plan.due()) {
            if (ended.contains(planned.id())) {
                continue;
            }
            pending = true;
            Notification notification = planned;
            Optional<Tracked.Retry> retry = incident.retry(planned.id());
            if (retry.isPresent()) {
                Instant due = retry.get().failedAt().plus(roundWait(retry.get().round()));
                if (due.isAfter(now)) {
                    nextRound = nextRound == null || due.isBefore(nextRound) ? due : nextRound;
                    continue;
                }
                notification = planned.inRound(retry.get().round() + 1);
            }
            if (underWay.add(notification.id())) {
                start(partition, notification, config);
            }
        }
        if (incident.closed() && !pending) {
            // closed for good and nothing left to send: the incident is not tracked any more (nor kept in the
            // paging state), so that what notify-service holds grows with the open incidents, not the ledger
            Optional.ofNullable(timers.remove(incident.id())).ifPresent(t -> t.cancel(false));
            Optional.ofNullable(rounds.remove(incident.id())).ifPresent(t -> t.cancel(false));
            causes.remove(incident.id());
            partitions.get(partition).remove(incident.id());
            changed(partition).remove(incident.id());
            forgotten.computeIfAbsent(partition, p -> new HashSet<>()).add(incident.id());
            return;
        }
        scheduleRound(partition, incident, nextRound);
        schedule(incident, config);
    }

    /** The wait after a failed round before the next: {@code round-wait}, doubled each round up to its maximum. */
    Duration roundWait(int failedRound) {
        long millis = settings.roundWait().toMillis() << Math.min(Math.max(failedRound - 1, 0), 20);
        return millis > settings.maxRoundWait().toMillis() ? settings.maxRoundWait() : Duration.ofMillis(millis);
    }

    private void scheduleRound(int partition, Tracked incident, Instant due) {
        ScheduledFuture<?> earlier = rounds.remove(incident.id());
        if (earlier != null) {
            earlier.cancel(false);
        }
        if (due != null) {
            long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
            rounds.put(
                    incident.id(),
                    clock.schedule(() -> nextRound(partition, incident.id()), delay, TimeUnit.MILLISECONDS));
        }
    }

    private synchronized void nextRound(int partition, String incidentId) {
        rounds.remove(incidentId);
        reconcile(partition, List.of(incidentId));
    }

    private void start(int partition, Notification notification, OnCallConfig config) {
        List<RecordDelivery.Page> pages = pages(notification, Instant.now());
        int round = Notification.round(notification.id());
        inFlight.begin(partition);
        Span span = tracer.spanBuilder("deliver " + notification.channel())
                .setParent(causes.getOrDefault(notification.incidentId(), Context.root()))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("kizuki.incident.id", notification.incidentId())
                .setAttribute("kizuki.notification.channel", notification.channel())
                .setAttribute("kizuki.notification.level", notification.level())
                .setAttribute("kizuki.notification.round", round)
                .startSpan();
        Context delivering = Context.current().with(span);
        CompletableFuture<Deliveries.Outcome> delivery;
        try (Scope ignored = delivering.makeCurrent()) {
            delivery = deliveries.deliver(notification, config);
        }
        delivery.thenCompose(outcome -> {
                    span.setAttribute("kizuki.notification.delivered", outcome.delivered());
                    span.setAttribute("kizuki.notification.attempts", outcome.attempts());
                    if (!outcome.delivered()) {
                        span.setStatus(StatusCode.ERROR, String.valueOf(outcome.reason()));
                    }
                    // the record of the outcome goes on in the delivery's trace, to the decider that records it
                    try (Scope ignored = delivering.makeCurrent()) {
                        return record(notification, outcome, round, pages);
                    }
                })
                .whenComplete((sent, failure) -> {
                    span.end();
                    inFlight.end(partition);
                });
    }

    private CompletableFuture<Void> record(
            Notification notification, Deliveries.Outcome outcome, int round, List<RecordDelivery.Page> pages) {
        return commands.send(
                StableId.of(notification.id(), "outcome"),
                new RecordDelivery(
                        notification.incidentId(),
                        notification.id(),
                        notification.channel(),
                        notification.recipient(),
                        notification.purpose(),
                        notification.level(),
                        outcome.delivered(),
                        outcome.attempts(),
                        outcome.reason(),
                        outcome.retryable() && round < settings.rounds(),
                        Instant.now(),
                        pages,
                        outcome.reference()));
    }

    /** The pages of a notification's first round ({@link Notification#paged}), recorded with its outcome. */
    static List<RecordDelivery.Page> pages(Notification notification, Instant now) {
        return notification.paged().stream()
                .map(recipient -> new RecordDelivery.Page(
                        "page:" + notification.id() + ":" + recipient.id(),
                        recipient.id(),
                        recipient.person().timeZone().getId(),
                        now))
                .toList();
    }

    private void schedule(Tracked incident, OnCallConfig config) {
        Optional<Instant> due = PagingPlan.escalationDue(config, incident);
        String key = incident.escalationKey();
        ScheduledFuture<?> earlier = timers.remove(incident.id());
        if (earlier != null) {
            earlier.cancel(false);
        }
        if (due.isEmpty() || escalationsAsked.contains(key)) {
            return;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), due.get()).toMillis());
        String policy = PagingPlan.policyFor(config, incident);
        int level = incident.level();
        timers.put(
                incident.id(),
                clock.schedule(() -> escalate(incident, key, level, policy), delay, TimeUnit.MILLISECONDS));
    }

    private synchronized void escalate(Tracked incident, String key, int level, String policy) {
        timers.remove(incident.id());
        if (!incident.escalationKey().equals(key) || !incident.triggered() || !escalationsAsked.add(key)) {
            return;
        }
        LOG.infof("incident %s is still unacknowledged at level %d: asking to escalate", incident.id(), level);
        commands.send(StableId.of("escalate", key), new EscalateIncident(incident.id(), level, policy));
    }

    @PreDestroy
    void stop() {
        clock.shutdownNow();
    }
}
