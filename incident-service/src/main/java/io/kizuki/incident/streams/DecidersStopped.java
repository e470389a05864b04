package io.kizuki.incident.streams;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;

/**
 * Ends the process when the deciders' Kafka Streams client stops on an error (a stream thread's uncaught exception
 * shuts the client down, Kafka Streams' default): such a process still takes alerts and commands on its API but
 * decides none of them. Kubernetes restarts it on its liveness probe (Quarkus' Kafka Streams state check); the exit
 * is for supervisors that watch only processes ({@code deploy/local/up}). Quarkus sets this listener on the client.
 */
@ApplicationScoped
public class DecidersStopped implements KafkaStreams.StateListener {

    private static final Logger LOG = Logger.getLogger(DecidersStopped.class);

    private final Runnable exit;

    public DecidersStopped() {
        this(() -> Quarkus.asyncExit(1));
    }

    DecidersStopped(Runnable exit) {
        this.exit = exit;
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.ERROR) {
            LOG.error("the deciders stopped on an error: incident-service decides nothing until it restarts, so it"
                    + " exits, for its supervisor to start it again");
            exit.run();
        }
    }
}
