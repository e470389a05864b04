package io.kizuki.incident.health;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.DiskSpaceMetrics;
import io.quarkus.runtime.StartupEvent;

/**
 * The free and total space of the disk that holds the deciders' state ({@code disk_free_bytes},
 * {@code disk_total_bytes}, tagged with its path): in the embedded stack, the disk of Kafka's log and PostgreSQL's data
 * too. Kizuki's rules warn before it is full.
 */
@ApplicationScoped
public class StateDiskMetrics {

    private final MeterRegistry meters;
    private final Path stateDir;

    public StateDiskMetrics(MeterRegistry meters, @ConfigProperty(name = "kafka-streams.state.dir") String stateDir) {
        this.meters = meters;
        this.stateDir = Path.of(stateDir);
    }

    void bind(@Observes StartupEvent started) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the deciders' state directory " + stateDir, e);
        }
        File directory = stateDir.toAbsolutePath().toFile();
        new DiskSpaceMetrics(directory).bindTo(meters);
    }
}
