package io.kizuki.notify.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.kizuki.ledger.Topics;
import io.kizuki.notify.channel.DeliveryException;
import io.kizuki.notify.channel.PageNumbering;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The short numbers a person's text pages carry ({@code Reply ack 12}), so that a reply names its incident in a few
 * keys. A number is the person's for one incident: the same incident keeps its number; another incident takes a free
 * one (10 to 99), a number being free again {@link #HELD} after it was last given. Each number given is written to
 * {@value Topics#PAGE_NUMBERS} (key {@code <person>:<number>}, value {@code <incident>|<level>|<given at>}) before the
 * text goes, and every instance reads all of that topic, so a reply reaching any instance finds the page.
 */
@ApplicationScoped
public class PageNumbers implements PageNumbering {

    /** How long a number names its incident for the person. */
    static final Duration HELD = Duration.ofDays(3);

    static final int FIRST = 10;
    static final int LAST = 99;

    /** A number given: the incident and level of the page it was given for. */
    public record Held(String incidentId, int level, Instant at) {}

    private final CompactedTopics topics;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private CompactedTopic topic;

    public PageNumbers(CompactedTopics topics) {
        this.topics = topics;
    }

    void start(@Observes StartupEvent started) {
        topic = topics.open("kizuki-notify-page-numbers", Topics.PAGE_NUMBERS, (key, value) -> parse(value)
                .ifPresent(page -> held.merge(key, page, PageNumbers::later)));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (topic != null) {
            topic.close();
        }
    }

    /**
     * The person's number for the incident: the one it has, else a free one, written before it completes. Fails
     * (tried again as any delivery) while the numbers given so far are not read yet, or the write fails.
     */
    @Override
    public synchronized CompletableFuture<Integer> hold(String person, String incidentId, int level) {
        if (!ready()) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("the page numbers are not read yet", true, Duration.ofSeconds(2)));
        }
        Instant now = Instant.now();
        int number = number(person, incidentId, now);
        var value = new Held(incidentId, level, now);
        // taken here at once, so that another incident paged meanwhile takes another number
        held.merge(person + ":" + number, value, PageNumbers::later);
        return topic.write(person + ":" + number, format(value)).handle((written, failure) -> {
            if (failure != null) {
                throw new DeliveryException(
                        "the page number could not be written: " + failure.getMessage(), true, null);
            }
            return number;
        });
    }

    /** The page a person's number names, while it is held. */
    public Optional<Held> find(String person, int number) {
        return Optional.ofNullable(held.get(person + ":" + number))
                .filter(page -> page.at().plus(HELD).isAfter(Instant.now()));
    }

    /** Whether the numbers given so far are read (a reply can be looked up). */
    public boolean ready() {
        return topic != null && topic.current();
    }

    /** The incident's number if it has one, else the first free from a place its id picks, else the oldest. */
    private int number(String person, String incidentId, Instant now) {
        int start = Math.floorMod(incidentId.hashCode(), LAST - FIRST + 1);
        Integer free = null;
        Integer oldest = null;
        Instant oldestAt = null;
        for (int i = 0; i <= LAST - FIRST; i++) {
            int number = FIRST + (start + i) % (LAST - FIRST + 1);
            Held page = held.get(person + ":" + number);
            if (page != null && page.incidentId().equals(incidentId)) {
                return number;
            }
            if (page == null || !page.at().plus(HELD).isAfter(now)) {
                free = free == null ? number : free;
            } else if (oldestAt == null || page.at().isBefore(oldestAt)) {
                oldest = number;
                oldestAt = page.at();
            }
        }
        return free != null ? free : oldest;
    }

    static String format(Held page) {
        return page.incidentId() + "|" + page.level() + "|" + page.at().toEpochMilli();
    }

    static Optional<Held> parse(String value) {
        String[] parts = value == null ? new String[0] : value.split("\\|");
        try {
            return parts.length == 3
                    ? Optional.of(new Held(
                            parts[0], Integer.parseInt(parts[1]), Instant.ofEpochMilli(Long.parseLong(parts[2]))))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Held later(Held a, Held b) {
        return b.at().isAfter(a.at()) ? b : a;
    }
}
