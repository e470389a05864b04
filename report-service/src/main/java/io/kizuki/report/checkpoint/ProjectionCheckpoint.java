package io.kizuki.report.checkpoint;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How far one projection has applied one partition of a topic. Written in the same transaction as the projection's
 * data, so a record is applied exactly once even when Kafka delivers it again.
 */
@Entity
@Table(name = "projection_checkpoint")
public class ProjectionCheckpoint {

    @Id
    @Column(length = 255)
    public String id;

    @Column(nullable = false)
    public String projection;

    @Column(nullable = false)
    public String topic;

    @Column(name = "kafka_partition", nullable = false)
    public int partition;

    /** The offset of the last record applied. */
    @Column(name = "kafka_offset", nullable = false)
    public long offset;

    public static String idOf(String projection, String topic, int partition) {
        return projection + "/" + topic + "/" + partition;
    }
}
