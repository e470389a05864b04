package io.kizuki.notify.service;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.oncall.ShiftSwap;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Shift swaps for every instance: each step of a swap (asked, accepted, declined, cancelled) is written to
 * {@value Topics#SHIFT_SWAPS} (key: the swap's id, value: the swap with all its events) before it is answered, and
 * every instance, reading the topic whole, keeps every swap and gives the directory the overrides of those accepted
 * ({@link OnCallDirectory#swaps}), so that pages, hand-offs and {@code /oncall} follow them.
 */
@ApplicationScoped
public class ShiftSwaps {

    private static final Logger LOG = Logger.getLogger(ShiftSwaps.class);
    /** How long the broker may take a step. */
    static final Duration WRITE_WAIT = Duration.ofSeconds(10);

    private final CompactedTopics topics;
    private final OnCallDirectory directory;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final Map<String, ShiftSwap> swaps = new ConcurrentHashMap<>();
    private CompactedTopic topic;

    public ShiftSwaps(CompactedTopics topics, OnCallDirectory directory) {
        this.topics = topics;
        this.directory = directory;
    }

    /** Before the pager starts, as the configuration is: pages go by the swaps accepted. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent started) {
        topic = topics.open("kizuki-notify-shift-swaps", Topics.SHIFT_SWAPS, this::read);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (topic != null) {
            topic.close();
        }
    }

    /** A swap by its id. */
    public Optional<ShiftSwap> swap(String id) {
        return Optional.ofNullable(swaps.get(id));
    }

    /** The swaps of a schedule, the latest window first. */
    public List<ShiftSwap> of(String schedule) {
        return swaps.values().stream()
                .filter(swap -> swap.schedule().equals(schedule))
                .sorted(Comparator.comparing(ShiftSwap::from).reversed())
                .toList();
    }

    /**
     * Writes a step of a swap, then keeps it here.
     *
     * @throws OnCallConfigSync.NotShared when the broker did not take it in time; nothing changed
     */
    public ShiftSwap write(ShiftSwap swap) {
        try {
            topic.write(swap.id(), mapper.writeValueAsString(swap)).get(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new OnCallConfigSync.NotShared(e.getCause());
        } catch (TimeoutException | IOException e) {
            throw new OnCallConfigSync.NotShared(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnCallConfigSync.NotShared(e);
        }
        keep(swap);
        return swap;
    }

    private void read(String key, String value) {
        if (value == null) {
            return;
        }
        try {
            keep(mapper.readValue(value, ShiftSwap.class));
        } catch (IOException e) {
            LOG.errorf("an unreadable shift swap %s was ignored: %s", key, e.getMessage());
        }
    }

    /** Keeps the swap with the most steps (a step read back after it was kept here changes nothing). */
    private synchronized void keep(ShiftSwap swap) {
        swaps.merge(
                swap.id(),
                swap,
                (kept, read) -> read.events().size() >= kept.events().size() ? read : kept);
        Map<String, List<OnCallConfig.Override>> accepted = new HashMap<>();
        swaps.values().forEach(each -> each.override()
                .ifPresent(override -> accepted.computeIfAbsent(each.schedule(), id -> new ArrayList<>())
                        .add(override)));
        directory.swaps(accepted);
    }
}
