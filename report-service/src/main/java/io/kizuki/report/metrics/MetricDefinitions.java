package io.kizuki.report.metrics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/** The named metric definitions, every version kept (table {@code metric_definition}). */
@ApplicationScoped
public class MetricDefinitions {

    private static final ObjectMapper JSON = WireCodec.newMapper();

    /** A definition as stored: who made the version, and when. */
    public record Stored(MetricDefinition definition, String createdBy, Instant createdAt) {}

    private final Pool pool;

    public MetricDefinitions(Pool pool) {
        this.pool = pool;
    }

    /** Every version of every definition, by name and version. */
    public Uni<List<Stored>> all() {
        return pool.query(
                        "SELECT definition::text, created_by, created_at FROM metric_definition ORDER BY name, version")
                .execute()
                .map(rows -> {
                    List<Stored> stored = new ArrayList<>();
                    rows.forEach(row -> stored.add(stored(row)));
                    return stored;
                });
    }

    /** A definition's version, or its latest when {@code version} is null. */
    public Uni<Optional<Stored>> find(String name, Integer version) {
        return pool.preparedQuery("SELECT definition::text, created_by, created_at FROM metric_definition "
                        + "WHERE name = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1")
                .execute(Tuple.of(name, version))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(stored(rows.iterator().next())));
    }

    /**
     * Keeps a new version of a definition: the one after the latest ({@code definition.version()} is replaced); of
     * two writers racing for one version, the second takes the next.
     */
    public Uni<Stored> add(MetricDefinition definition, String by, Instant at) {
        return pool.preparedQuery("SELECT coalesce(max(version), 0) + 1 FROM metric_definition WHERE name = $1")
                .execute(Tuple.of(definition.name()))
                .chain(rows -> {
                    int version = rows.iterator().next().getInteger(0);
                    MetricDefinition versioned = new MetricDefinition(
                            definition.name(),
                            version,
                            definition.description(),
                            definition.acknowledgeFrom(),
                            definition.resolveAt(),
                            definition.businessHours(),
                            definition.excludeDeclared());
                    return pool.preparedQuery("INSERT INTO metric_definition (name, version, definition, created_by, "
                                    + "created_at) VALUES ($1, $2, $3::text::jsonb, $4, $5)")
                            .execute(Tuple.of(
                                    versioned.name(),
                                    version,
                                    json(versioned),
                                    by,
                                    OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                            .replaceWith(new Stored(versioned, by, at));
                })
                .onFailure(MetricDefinitions::versionTaken)
                .retry()
                .atMost(3);
    }

    /** Another writer took the version first (the primary key refused it): the next one is tried. */
    private static boolean versionTaken(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static Stored stored(Row row) {
        try {
            return new Stored(
                    JSON.readValue(row.getString(0), MetricDefinition.class),
                    row.getString(1),
                    row.getOffsetDateTime(2).toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable metric definition: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(MetricDefinition definition) {
        try {
            return JSON.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
