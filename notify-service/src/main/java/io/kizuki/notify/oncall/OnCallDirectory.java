package io.kizuki.notify.oncall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kizuki.notify.config.NotifyConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The on-call configuration in force. Read from {@code kizuki.notify.oncall-file} at start: a file with problems stops
 * the start (naming every problem with its path in the file), as a page must never go to a half-read configuration.
 * An administrator may replace it through the API ({@link #replace}), which checks it whole before it applies. The
 * warnings of the configuration in force are logged, served and counted ({@code kizuki_oncall_config_warnings}).
 */
@ApplicationScoped
@Startup
public class OnCallDirectory {

    private static final Logger LOG = Logger.getLogger(OnCallDirectory.class);

    /** A configuration in force: its text, what it says, where it came from and when. */
    public record InForce(String yaml, ConfigLoader.Loaded loaded, String source, Instant since) {
    }

    private final AtomicReference<InForce> current = new AtomicReference<>();

    public OnCallDirectory(NotifyConfig config, MeterRegistry meters) {
        config.oncallFile().ifPresent(this::load);
        Gauge.builder("kizuki.oncall.config.warnings", current, inForce -> inForce.get() == null ? 0
                : inForce.get().loaded().warnings().size()).description("warnings of the on-call configuration in force")
                .register(meters);
    }

    private void load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the on-call configuration " + file, e);
        }
        replace(text, file.toString());
    }

    /**
     * Checks a configuration and, if it has no problem, puts it in force.
     *
     * @throws ConfigLoader.InvalidConfigException naming every problem; the configuration in force stays
     */
    public InForce replace(String yaml, String source) {
        ConfigLoader.Loaded loaded = ConfigLoader.parse(yaml);
        loaded.warnings().forEach(warning -> LOG.warnf("on-call configuration from %s, %s: %s", source,
                warning.path(), warning.detail()));
        OnCallConfig config = loaded.config();
        LOG.infof("on-call configuration from %s in force: %d people, %d schedules, %d escalation policies", source,
                config.people() == null ? 0 : config.people().size(),
                config.schedules() == null ? 0 : config.schedules().size(),
                config.policies() == null ? 0 : config.policies().size());
        InForce inForce = new InForce(yaml, loaded, source, Instant.now());
        current.set(inForce);
        return inForce;
    }

    /** The configuration in force, if any was given. */
    public Optional<InForce> inForce() {
        return Optional.ofNullable(current.get());
    }
}
