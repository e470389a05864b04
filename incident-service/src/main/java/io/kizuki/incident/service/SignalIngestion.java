package io.kizuki.incident.service;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.incident.mapping.AlertmanagerNormalizer;
import io.kizuki.incident.mapping.SignalNormalizer.Sender;
import io.kizuki.ledger.event.SignalReceived;
import io.smallrye.mutiny.Uni;

/**
 * Writes normalised signals to {@code kizuki.signals.v1}, counted as accepted once Kafka has them: at once for an
 * input held in memory, or a batch at a time for a large webhook.
 */
@ApplicationScoped
public class SignalIngestion {

    /** How long a large webhook waits for Kafka's acknowledgement of one batch. */
    static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);
    /** At most this many batches of a large webhook are unacknowledged at once. */
    static final int BATCHES_IN_FLIGHT = 5;

    private final SignalPublisher publisher;
    private final IngestionMeters meters;
    private final Ids ids;
    private final int batchSize;

    public SignalIngestion(SignalPublisher publisher, IngestionMeters meters, Ids ids, IncidentServiceConfig config) {
        this.publisher = publisher;
        this.meters = meters;
        this.ids = ids;
        this.batchSize = config.ingest().batchSize();
    }

    /** What a webhook's signals were, once all are in Kafka. */
    public record Ingested(int count, String dedupKey, List<String> signalIds) {

        static Ingested of(List<SignalReceived> signals) {
            return new Ingested(
                    signals.size(),
                    signals.getFirst().dedupKey(),
                    signals.stream().map(SignalReceived::signalId).toList());
        }
    }

    /** Writes the signals of one input; fails when Kafka did not acknowledge them. */
    public Uni<Ingested> atOnce(String source, List<SignalReceived> signals, String actor) {
        return publisher
                .publish(signals, actor, ids.get().toString())
                .invoke(() -> meters.accepted(source, signals.size()))
                .replaceWith(() -> Ingested.of(signals));
    }

    /**
     * A large webhook that its scan found valid, on a worker thread: read again and written a batch at a time, with
     * at most {@link #BATCHES_IN_FLIGHT} batches unacknowledged, so that memory holds the body and a bounded number of
     * signals. A failure part-way throws: the producer sends the webhook again and detection ignores the alerts it has
     * already seen.
     *
     * @throws IllegalStateException when Kafka did not acknowledge a batch
     */
    public Ingested inBatches(
            AlertmanagerNormalizer normalizer, byte[] body, AlertmanagerNormalizer.Scan scan, Sender sender) {
        List<String> signalIds = new ArrayList<>(scan.alerts());
        var writes = new BatchWrites(
                normalizer.source(), sender.integration(), ids.get().toString());
        String[] dedupKey = new String[1];
        try {
            normalizer.signals(body, scan, sender, signal -> {
                signalIds.add(signal.signalId());
                dedupKey[0] = signal.dedupKey();
                writes.add(signal);
            });
        } catch (IOException e) {
            throw new IllegalStateException("the body was readable JSON a moment ago", e);
        }
        writes.finish();
        return new Ingested(signalIds.size(), dedupKey[0], signalIds);
    }

    /** The batches of one large webhook, sent as they fill. */
    private final class BatchWrites {

        private final String source;
        private final String actor;
        private final String correlationId;
        private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        private List<SignalReceived> batch = new ArrayList<>(batchSize);

        BatchWrites(String source, String actor, String correlationId) {
            this.source = source;
            this.actor = actor;
            this.correlationId = correlationId;
        }

        void add(SignalReceived signal) {
            batch.add(signal);
            if (batch.size() == batchSize) {
                send();
            }
        }

        void finish() {
            send();
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        private void send() {
            if (batch.isEmpty()) {
                return;
            }
            List<SignalReceived> sent = batch;
            batch = new ArrayList<>(batchSize);
            inFlight.add(publisher
                    .publish(sent, actor, correlationId)
                    .invoke(() -> meters.accepted(source, sent.size()))
                    .subscribeAsCompletionStage());
            if (inFlight.size() >= BATCHES_IN_FLIGHT) {
                awaitOldest();
            }
        }

        private void awaitOldest() {
            try {
                inFlight.removeFirst().get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing signals", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge a batch of signals", e);
            }
        }
    }
}
