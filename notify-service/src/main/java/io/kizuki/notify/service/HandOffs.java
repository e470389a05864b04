package io.kizuki.notify.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.kizuki.ledger.Topics;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.oncall.Rotations;
import io.kizuki.notify.paging.Notification;
import io.kizuki.notify.paging.PagingPlan;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Tells people when a shift of theirs starts and ends, on the ways their rules name ({@code handOffs}). Every
 * {@link #TICK} the instance that owns ledger partition 0 (one instance at a time, another after a rebalance) looks
 * at the shift boundaries of the last {@link #LOOKBACK} in every schedule and tells each person of one not told yet;
 * what was told is written to {@value Topics#HAND_OFFS} (read whole by every instance), so that a restart or the next
 * owner does not tell it again.
 */
@ApplicationScoped
public class HandOffs {

    private static final Logger LOG = Logger.getLogger(HandOffs.class);
    static final Duration TICK = Duration.ofSeconds(10);
    /** How far back a boundary is still told: a restart or a rebalance shorter than this loses none. */
    static final Duration LOOKBACK = Duration.ofMinutes(15);

    /** How far a shift's end is looked for. */
    private static final Duration SHIFT_HORIZON = Duration.ofDays(92);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CompactedTopics topics;
    private final OnCallDirectory directory;
    private final Deliveries deliveries;
    private final LedgerFollower follower;
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kizuki-hand-offs").daemon().factory());
    private CompactedTopic topic;

    public HandOffs(CompactedTopics topics, OnCallDirectory directory, Deliveries deliveries, LedgerFollower follower) {
        this.topics = topics;
        this.directory = directory;
        this.deliveries = deliveries;
        this.follower = follower;
    }

    void start(@Observes StartupEvent started) {
        topic = topics.open("kizuki-notify-hand-offs", Topics.HAND_OFFS, (key, value) -> told.add(key));
        clock.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        clock.shutdownNow();
        if (topic != null) {
            topic.close();
        }
    }

    /** A shift boundary to tell a person of. */
    record Notice(String key, String person, String text) {}

    private void tick() {
        try {
            if (!topic.current() || !follower.caughtUp() || !follower.owns(0)) {
                return;
            }
            OnCallConfig config = directory.paging();
            for (Notice notice : due(config, Instant.now())) {
                if (!told.contains(notice.key())) {
                    tell(config, notice);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "telling people of their shifts failed; trying again in %d s", TICK.toSeconds());
        }
    }

    /** The shift starts and ends of the last {@link #LOOKBACK} of people who want to be told. */
    static List<Notice> due(OnCallConfig config, Instant now) {
        Instant from = now.minus(LOOKBACK);
        Instant to = now.plusMillis(1);
        return config.schedules().entrySet().stream()
                .flatMap(schedule -> Rotations.shifts(schedule.getValue(), from, to).stream()
                        .flatMap(shift -> {
                            OnCallConfig.Person person = config.people().get(shift.person());
                            if (person == null
                                    || person.rules() == null
                                    || person.rules().handOffs() == null
                                    || person.rules().handOffs().isEmpty()) {
                                return Stream.empty();
                            }
                            String name = Optional.ofNullable(
                                            schedule.getValue().name())
                                    .orElse(schedule.getKey());
                            ZoneId zone = person.timeZone();
                            boolean japanese = "ja".equals(person.language());
                            Stream.Builder<Notice> notices = Stream.builder();
                            if (shift.start().isAfter(from)) {
                                // the shift as it goes on past the window (looked for up to 92 days)
                                Instant end = Rotations.shifts(
                                                schedule.getValue(),
                                                shift.start(),
                                                shift.start().plus(SHIFT_HORIZON))
                                        .getFirst()
                                        .end();
                                notices.add(new Notice(
                                        key(schedule.getKey(), shift.person(), "start", shift.start()),
                                        shift.person(),
                                        japanese
                                                ? name + " のオンコール当番が始まりました（" + WHEN.format(end.atZone(zone)) + "（"
                                                        + zone.getId() + "）まで）"
                                                : "Your on-call shift in " + name + " starts now, until "
                                                        + WHEN.format(end.atZone(zone)) + " (" + zone.getId() + ")"));
                            }
                            if (shift.end().isBefore(to)) {
                                notices.add(new Notice(
                                        key(schedule.getKey(), shift.person(), "end", shift.end()),
                                        shift.person(),
                                        japanese
                                                ? name + " のオンコール当番が終わりました"
                                                : "Your on-call shift in " + name + " has ended"));
                            }
                            return notices.build();
                        }))
                .toList();
    }

    private static String key(String schedule, String person, String edge, Instant at) {
        return schedule + ":" + person + ":" + edge + ":" + at.getEpochSecond();
    }

    private void tell(OnCallConfig config, Notice notice) {
        told.add(notice.key());
        OnCallConfig.Person person = config.people().get(notice.person());
        String id = "handoff-" + UUID.nameUUIDFromBytes(notice.key().getBytes(StandardCharsets.UTF_8));
        List<Notification> notifications =
                PagingPlan.handOff(notice.person(), person, id, notice.text(), Instant.now());
        CompletableFuture.allOf(notifications.stream()
                        .map(notification -> deliveries
                                .once(notification, config)
                                .thenAccept(outcome -> {
                                    if (!outcome.delivered()) {
                                        LOG.warnf(
                                                "could not tell %s of a hand-off by %s: %s",
                                                notice.person(), notification.channel(), outcome.reason());
                                    }
                                }))
                        .toArray(CompletableFuture[]::new))
                .thenCompose(sent -> topic.write(notice.key(), Instant.now().toString()))
                .exceptionally(failure -> {
                    LOG.warnf("could not write that %s was told: %s", notice.key(), failure.getMessage());
                    return null;
                });
    }
}
