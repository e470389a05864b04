package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class DecidersStoppedTest {

    private final AtomicInteger exits = new AtomicInteger();
    private final DecidersStopped listener = new DecidersStopped(exits::incrementAndGet);

    @Test
    void endsTheProcessWhenTheDecidersStopOnAnError() {
        listener.onChange(State.PENDING_ERROR, State.RUNNING);
        listener.onChange(State.ERROR, State.PENDING_ERROR);

        assertThat(exits).hasValue(1);
    }

    @Test
    void letsTheDecidersRebalanceAndShutDownNormally() {
        listener.onChange(State.REBALANCING, State.CREATED);
        listener.onChange(State.RUNNING, State.REBALANCING);
        listener.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
        listener.onChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);

        assertThat(exits).hasValue(0);
    }
}
