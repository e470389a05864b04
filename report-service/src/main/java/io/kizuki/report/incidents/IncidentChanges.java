package io.kizuki.report.incidents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kizuki.report.ledger.ChangeAnnouncer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Which incidents just changed, for the console's live list and pages: once a batch of ledger records is committed
 * to every read model, the projection announces the incidents it touched with PostgreSQL's {@code NOTIFY}, which
 * reaches every report-service instance, whichever of them projected the ledger partition. Each instance listens
 * ({@code LISTEN}) and hands the changes to its open streams.
 */
@ApplicationScoped
public class IncidentChanges implements ChangeAnnouncer {

    /** The PostgreSQL notification channel. */
    public static final String CHANNEL = "kizuki_incident_changes";
    /** PostgreSQL takes payloads below 8000 bytes: ids are at most 128 characters, products 64. */
    static final int IDS_PER_NOTIFICATION = 40;

    private static final Logger LOG = Logger.getLogger(IncidentChanges.class);

    /** An incident that changed: which one, and its product (what a caller's product scope is checked against). */
    public record Change(String id, String product) {

        /** Says the stream is open (first) and keeps it open (every 20 s); names no incident. */
        public static final Change NONE = new Change(null, null);
    }

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final BroadcastProcessor<Change> changes = BroadcastProcessor.create();
    private final AtomicBoolean listening = new AtomicBoolean();
    private PgSubscriber subscriber;

    public IncidentChanges(
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
    }

    /**
     * Announces the incidents these ledger records touched, once every read model has committed them (so that a
     * console reading the incident, its timeline or its alerts on the announcement finds the change there).
     */
    @Override
    public Uni<Void> announce(Pool pool, Collection<String> incidentIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(incidentIds));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < ids.size(); from += IDS_PER_NOTIFICATION) {
            String[] chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_NOTIFICATION))
                    .toArray(String[]::new);
            chain = chain.chain(() -> pool.preparedQuery("SELECT pg_notify($1, string_agg(product || E'\\t' || id, "
                            + "E'\\n')) FROM " + IncidentsReadModel.INCIDENTS + " WHERE id = ANY($2)")
                    .execute(Tuple.of(CHANNEL, chunk))
                    .replaceWithVoid());
        }
        return chain;
    }

    /** Reads a notification's payload: lines of {@code product<TAB>id}. */
    static List<Change> parse(String payload) {
        List<Change> parsed = new ArrayList<>();
        if (payload == null) {
            return parsed;
        }
        for (String line : payload.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                parsed.add(new Change(line.substring(tab + 1), line.substring(0, tab)));
            }
        }
        return parsed;
    }

    /** The changes committed from now on; a subscriber that does not keep up loses changes rather than memory. */
    public Multi<Change> stream() {
        return changes.onOverflow().drop();
    }

    void listen(@Observes StartupEvent startup) {
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> Duration.ofSeconds(Math.min(30, 1L << Math.min(retries, 5)))
                        .toMillis());
        subscriber.channel(CHANNEL).handler(payload -> parse(payload).forEach(changes::onNext));
        subscriber.closeHandler(() -> {
            if (listening.get()) {
                LOG.warn("lost the connection that listens for incident changes; reconnecting");
            }
        });
        listening.set(true);
        subscriber
                .connect()
                .subscribe()
                .with(
                        connected -> LOG.debug("listening for incident changes"),
                        failure -> LOG.warnf(
                                "cannot listen for incident changes yet (%s); the console's live updates "
                                        + "wait for PostgreSQL",
                                failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        listening.set(false);
        changes.onComplete();
        if (subscriber != null) {
            subscriber.close().subscribe().with(closed -> {}, failure -> {});
        }
    }
}
