package io.kizuki.report.checkpoint;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Checkpoints of every projection. */
@ApplicationScoped
public class CheckpointRepository implements PanacheRepositoryBase<ProjectionCheckpoint, String> {

    /** Whether the record at this offset was already applied by the projection. */
    public Uni<Boolean> applied(String projection, String topic, int partition, long offset) {
        return findById(ProjectionCheckpoint.idOf(projection, topic, partition))
                .map(checkpoint -> checkpoint != null && checkpoint.offset >= offset);
    }

    /** Moves the checkpoint to this offset; call inside the projection's transaction. */
    public Uni<Void> advance(String projection, String topic, int partition, long offset) {
        String id = ProjectionCheckpoint.idOf(projection, topic, partition);
        return findById(id).chain(existing -> {
            ProjectionCheckpoint checkpoint = existing;
            if (checkpoint == null) {
                checkpoint = new ProjectionCheckpoint();
                checkpoint.id = id;
                checkpoint.projection = projection;
                checkpoint.topic = topic;
                checkpoint.partition = partition;
            }
            checkpoint.offset = offset;
            return persist(checkpoint).replaceWithVoid();
        });
    }
}
