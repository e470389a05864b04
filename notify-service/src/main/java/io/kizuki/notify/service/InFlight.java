package io.kizuki.notify.service;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Deliveries under way per ledger partition: started, and their outcome not yet handed to Kafka. A partition this
 * instance loses is given up only once its deliveries have ended and their records are on their way, so that the new
 * owner, reading the ledger, sees them ended and does not send them again.
 */
final class InFlight {

    private final Map<Integer, Integer> counts = new HashMap<>();

    synchronized void begin(int partition) {
        counts.merge(partition, 1, Integer::sum);
    }

    synchronized void end(int partition) {
        counts.computeIfPresent(partition, (p, count) -> count == 1 ? null : count - 1);
        notifyAll();
    }

    /** Waits until none of the partitions has a delivery under way, at most {@code max}; whether they have none. */
    synchronized boolean awaitNone(Collection<Integer> partitions, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (partitions.stream().anyMatch(counts::containsKey)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
