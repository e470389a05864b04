package io.kizuki.notify.oncall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.kizuki.notify.config.NotifyConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The on-call configuration in force. Read from {@code kizuki.notify.oncall-file} at start: a file with problems stops
 * the start (naming every problem with its path in the file), as a page must never go to a half-read configuration.
 * {@code ${NAME:default}} in the file takes a value from the environment (or a system property) when it is loaded,
 * only for the names listed in {@code kizuki.notify.oncall-variables}; any other name takes its default (or is a
 * problem), and a value is never quoted back in a problem or warning.
 * An administrator may replace it through the API ({@link #replace}), which checks it whole before it applies and
 * writes it to the file, so that a restart keeps it; every other instance adopts it from Kafka ({@link #adopt},
 * {@code service/OnCallConfigSync}), so that all page by the same configuration. The warnings of the configuration in
 * force are logged, served and counted ({@code kizuki_oncall_config_warnings}). Every version known is kept
 * ({@link #history()}), so that who was on call at an instant is answered by the version of then ({@link #configAt}).
 * <p>
 * Without a file, every new incident goes to the Slack webhook {@code kizuki.notify.slack.webhook-url}, if any, and
 * nothing escalates ({@link #paging()}).
 */
@ApplicationScoped
@Startup
public class OnCallDirectory {

    private static final Logger LOG = Logger.getLogger(OnCallDirectory.class);
    /** The policy, channel and routing of the configuration used without a file. */
    public static final String FALLBACK = "default";

    /**
     * A configuration in force: its text, what it says, where it came from and since when (a file's: when it was last
     * changed; one put in force through the API: when it was).
     */
    public record InForce(String yaml, ConfigLoader.Loaded loaded, String source, Instant since) {}

    private final AtomicReference<InForce> current = new AtomicReference<>();
    private final ConfigHistory history = new ConfigHistory();
    private final AtomicReference<Map<String, List<OnCallConfig.Override>>> swaps = new AtomicReference<>(Map.of());
    private final AtomicReference<Merged> merged = new AtomicReference<>();
    /** The last version read for an instant of the past, parsed. */
    private final AtomicReference<Map.Entry<Instant, OnCallConfig>> past = new AtomicReference<>();

    private final Optional<Path> file;
    private final OnCallConfig fallback;
    private final Set<String> allowedVariables;

    public OnCallDirectory(NotifyConfig config, MeterRegistry meters) {
        this.file = config.oncallFile();
        this.fallback = fallback(config);
        this.allowedVariables = Set.copyOf(config.oncallVariables().orElse(List.of()));
        file.ifPresent(this::load);
        Gauge.builder(
                        "kizuki.oncall.config.warnings",
                        current,
                        inForce -> inForce.get() == null
                                ? 0
                                : inForce.get().loaded().warnings().size())
                .description("warnings of the on-call configuration in force")
                .register(meters);
    }

    private void load(Path path) {
        String text;
        Instant modified;
        try {
            text = Files.readString(path);
            modified = Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the on-call configuration " + path, e);
        }
        apply(text, path.toString(), null, modified);
    }

    /**
     * Checks a configuration and throws naming every problem it has; nothing changes.
     *
     * @throws ConfigLoader.InvalidConfigException naming every problem
     */
    public void check(String yaml) {
        ConfigLoader.parse(yaml, this::variable);
    }

    /**
     * A draft configuration as it would page: read with this instance's on-call variables, with the shift swaps
     * accepted; nothing changes.
     *
     * @throws ConfigLoader.InvalidConfigException naming every problem
     */
    public OnCallConfig draft(String yaml) {
        return withSwaps(ConfigLoader.parse(yaml, this::variable).config());
    }

    /**
     * Checks a configuration and, if it has no problem, puts it in force as of {@code at} and writes it to the
     * configuration file (when there is one and it can be written; otherwise the file's holds again when this
     * instance restarts, unless the configuration shared since is newer).
     *
     * @return the configuration in force, and whether the file now holds it
     * @throws ConfigLoader.InvalidConfigException naming every problem; the configuration in force stays
     */
    public synchronized Replaced replace(String yaml, String source, String reason, Instant at) {
        InForce inForce = apply(yaml, source, reason, at);
        return new Replaced(inForce, file.map(path -> save(path, yaml)).orElse(false));
    }

    /**
     * A configuration another instance put in force at {@code at} (shared through Kafka): in force here too when it is
     * newer than the one in force (a file changed later wins over it), written to the file as {@link #replace} does.
     * One with problems here (an on-call variable this instance lacks) is logged and changes nothing.
     *
     * @return whether it is now in force
     */
    public synchronized boolean adopt(String yaml, String source, String reason, Instant at) {
        history.add(new ConfigHistory.Version(at, yaml, source, reason));
        InForce inForce = current.get();
        if (inForce != null && !at.isAfter(inForce.since())) {
            return false;
        }
        try {
            replace(yaml, source, reason, at);
            return true;
        } catch (ConfigLoader.InvalidConfigException e) {
            LOG.errorf(
                    "the on-call configuration %s shared has %d problem(s) here; the one in force stays: %s",
                    source, e.problems().size(), e.problems());
            return false;
        }
    }

    /** What {@link #replace} did. */
    public record Replaced(InForce inForce, boolean saved) {}

    private InForce apply(String yaml, String source, String reason, Instant since) {
        ConfigLoader.Loaded loaded = ConfigLoader.parse(yaml, this::variable);
        history.add(new ConfigHistory.Version(since, yaml, source, reason));
        loaded.warnings()
                .forEach(warning ->
                        LOG.warnf("on-call configuration from %s, %s: %s", source, warning.path(), warning.detail()));
        OnCallConfig config = loaded.config();
        LOG.infof(
                "on-call configuration from %s in force: %d people, %d schedules, %d escalation policies",
                source,
                config.people() == null ? 0 : config.people().size(),
                config.schedules() == null ? 0 : config.schedules().size(),
                config.policies() == null ? 0 : config.policies().size());
        InForce inForce = new InForce(yaml, loaded, source, since);
        current.set(inForce);
        return inForce;
    }

    private static boolean save(Path path, String yaml) {
        Path temporary = path.resolveSibling(path.getFileName() + ".new");
        try {
            Files.writeString(temporary, yaml);
            try {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf(
                    "the on-call configuration is in force, but %s cannot be written (%s): after a restart, this "
                            + "instance takes it from Kafka again",
                    path, e.getMessage());
            return false;
        }
    }

    private Optional<String> variable(String name) {
        return allowedVariables.contains(name)
                ? ConfigProvider.getConfig().getOptionalValue(name, String.class)
                : Optional.empty();
    }

    /**
     * The configuration that was in force at an instant ({@link ConfigHistory#at}), if any was given: for the past,
     * the version of then, so that who was on call is answered as it was. A version that cannot be read here (an
     * on-call variable this instance lacks) answers with the one in force, and says so in the log.
     */
    public Optional<OnCallConfig> configAt(Instant instant) {
        InForce inForce = current.get();
        Optional<ConfigHistory.Version> version = history.at(instant);
        if (inForce == null || version.isEmpty() || version.get().at().equals(inForce.since())) {
            return inForce().map(now -> withSwaps(now.loaded().config()));
        }
        Map.Entry<Instant, OnCallConfig> cached = past.get();
        if (cached != null && cached.getKey().equals(version.get().at())) {
            return Optional.of(withSwaps(cached.getValue()));
        }
        try {
            OnCallConfig then =
                    ConfigLoader.parse(version.get().yaml(), this::variable).config();
            past.set(Map.entry(version.get().at(), then));
            return Optional.of(withSwaps(then));
        } catch (ConfigLoader.InvalidConfigException e) {
            LOG.warnf(
                    "the on-call configuration of %s cannot be read here (%s); answering with the one in force",
                    version.get().at(), e.problems());
            return Optional.of(withSwaps(inForce.loaded().config()));
        }
    }

    /** Every version of the configuration this instance knows, the newest first. */
    public ConfigHistory history() {
        return history;
    }

    /** The configuration in force, if any was given. */
    public Optional<InForce> inForce() {
        return Optional.ofNullable(current.get());
    }

    /** What pages: the configuration in force, or without one the fallback (one Slack webhook, no escalation). */
    public OnCallConfig paging() {
        InForce inForce = current.get();
        return inForce == null ? fallback : withSwaps(inForce.loaded().config());
    }

    /** The configuration in force with the shift swaps accepted, if one was given: who is on call now. */
    public Optional<OnCallConfig> current() {
        return inForce().map(inForce -> withSwaps(inForce.loaded().config()));
    }

    /**
     * The overrides of the shift swaps accepted, by schedule (service/ShiftSwaps): they win over the configuration's
     * own overrides, as they were agreed after it.
     */
    public void swaps(Map<String, List<OnCallConfig.Override>> accepted) {
        Map<String, List<OnCallConfig.Override>> copy = new HashMap<>();
        accepted.forEach((schedule, overrides) -> copy.put(schedule, List.copyOf(overrides)));
        swaps.set(Map.copyOf(copy));
    }

    /** A configuration with the accepted swaps' overrides after each schedule's own (the last listed wins). */
    private OnCallConfig withSwaps(OnCallConfig config) {
        Map<String, List<OnCallConfig.Override>> accepted = swaps.get();
        if (accepted.isEmpty()) {
            return config;
        }
        Merged last = merged.get();
        if (last != null && last.config() == config && last.swaps() == accepted) {
            return last.merged();
        }
        Map<String, OnCallConfig.Schedule> schedules = new LinkedHashMap<>(config.schedules());
        accepted.forEach((id, overrides) -> schedules.computeIfPresent(id, (key, schedule) -> {
            List<OnCallConfig.Override> all =
                    new ArrayList<>(schedule.overrides() == null ? List.of() : schedule.overrides());
            all.addAll(overrides);
            return new OnCallConfig.Schedule(schedule.name(), schedule.timeZone(), schedule.layers(), all);
        }));
        OnCallConfig result = new OnCallConfig(
                config.people(), config.groups(), schedules, config.policies(), config.routing(), config.channels());
        merged.set(new Merged(config, accepted, result));
        return result;
    }

    /** The last configuration merged with swaps (pages read it for every incident). */
    private record Merged(OnCallConfig config, Map<String, List<OnCallConfig.Override>> swaps, OnCallConfig merged) {}

    private static OnCallConfig fallback(NotifyConfig config) {
        var level = new OnCallConfig.Level(
                null,
                config.slack().webhookUrl().isEmpty()
                        ? List.of()
                        : List.of(new OnCallConfig.Target(null, null, FALLBACK)));
        return new OnCallConfig(
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of(FALLBACK, new OnCallConfig.Policy(FALLBACK, List.of(level), 0)),
                new OnCallConfig.Routing(FALLBACK, List.of(), null),
                new OnCallConfig.Channels(
                        config.slack()
                                .webhookUrl()
                                .map(url -> Map.of(FALLBACK, url))
                                .orElse(Map.of()),
                        null,
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        null));
    }
}
