package io.kizuki.incident.streams;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Has the deciders leave their consumer group when the instance stops (a SIGTERM: a rolling upgrade, a scale-down), so
 * that the other instances take their tasks over at once: a static member ({@code config/DecidersMember}) that does
 * not leave keeps its tasks until its session times out (10 s), and nobody decides them meanwhile. Kafka Streams does
 * not leave on its own close, which Quarkus calls after this one (and which then has nothing left to do).
 */
@ApplicationScoped
public class LeaveOnStop {

    private static final Logger LOG = Logger.getLogger(LeaveOnStop.class);
    /** How long the stream threads may take to commit what they decided and stop, and the group to be left. */
    private static final Duration CLOSE = Duration.ofSeconds(10);

    private final KafkaStreams streams;

    public LeaveOnStop(KafkaStreams streams) {
        this.streams = streams;
    }

    void stop(@Observes @Priority(1) ShutdownEvent stopping) {
        if (!streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE))) {
            LOG.warnf(
                    "the deciders did not stop and leave their group within %s: their tasks move at the session"
                            + " timeout",
                    CLOSE);
        }
    }
}
