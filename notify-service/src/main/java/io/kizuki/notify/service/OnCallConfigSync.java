package io.kizuki.notify.service;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * One on-call configuration for every instance, and its history: each one put in force through the API is written to
 * {@value Topics#ONCALL_CONFIG} as a version of its own (key {@value #VERSION} and the instant, value
 * {@code {"type": "kizuki.oncall.config-changed.v1", "yaml", "source", "reason", "at"}}) before it is in force, and
 * every instance, reading that topic whole, keeps every version and adopts the newest ({@link OnCallDirectory#adopt}:
 * when it is newer than what it has, so a configuration file changed since wins). Without it, a configuration put to
 * one instance would page from that instance only, and who was on call under an earlier version could not be told.
 */
@ApplicationScoped
public class OnCallConfigSync {

    private static final Logger LOG = Logger.getLogger(OnCallConfigSync.class);
    /** The key of the one configuration an earlier release kept (read as a version still). */
    static final String KEY = "current";
    /** The key of each version: this and the instant it came in force, so that compaction keeps every one. */
    static final String VERSION = "version:";
    /** The type of a version's record. */
    static final String TYPE = "kizuki.oncall.config-changed.v1";
    /** How long after the start paging waits for the configuration shared to be read. */
    static final Duration READ_WAIT = Duration.ofSeconds(15);
    /** How long the broker may take a new configuration. */
    static final Duration WRITE_WAIT = Duration.ofSeconds(10);

    /** The broker did not take a change (of the configuration, of a shift swap): nothing changed. */
    public static class NotShared extends RuntimeException {
        NotShared(Throwable cause) {
            super("it could not be shared through Kafka: " + cause.getMessage(), cause);
        }
    }

    private final CompactedTopics topics;
    private final OnCallDirectory directory;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private volatile CompactedTopic topic;
    /** Until when (System.nanoTime) a partition's paging waits for what was shared to be read. */
    private volatile long readBy;

    public OnCallConfigSync(CompactedTopics topics, OnCallDirectory directory) {
        this.topics = topics;
        this.directory = directory;
    }

    /**
     * Starts reading what was shared (an earlier observer than the ledger follower's); the start does not wait for
     * it: the follower does ({@link #awaitShared}) before it reads a ledger partition it got.
     */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent started) {
        readBy = System.nanoTime() + READ_WAIT.toNanos();
        topic = topics.open("kizuki-notify-oncall-config", Topics.ONCALL_CONFIG, this::shared);
    }

    /**
     * Waits until what was shared before the start is read, for at most {@link #READ_WAIT} after the start: pages go
     * by the configuration in force everywhere, not by an older file. Until then the instance does not page and is not
     * ready (its follower has not read a partition), though its API answers from the file's configuration.
     */
    public void awaitShared() {
        while (!topic.current() && System.nanoTime() < readBy) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        if (!topic.current()) {
            LOG.warnf(
                    "the shared on-call configuration was not read within %s of the start; paging goes by the file's",
                    READ_WAIT);
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (topic != null) {
            topic.close();
        }
    }

    /**
     * Checks a configuration whole, shares it with every instance and puts it in force here.
     *
     * @throws ConfigLoader.InvalidConfigException naming every problem; nothing changed
     * @throws NotShared when the broker did not take it in time; nothing changed
     */
    public OnCallDirectory.Replaced replace(String yaml, String source, String reason) {
        directory.check(yaml);
        Instant at = Instant.now();
        String value = mapper.createObjectNode()
                .put("type", TYPE)
                .put("yaml", yaml)
                .put("source", source)
                .put("reason", reason)
                .put("at", at.toString())
                .toString();
        try {
            topic.write(VERSION + at, value).get(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new NotShared(e.getCause());
        } catch (TimeoutException e) {
            throw new NotShared(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotShared(e);
        }
        return directory.replace(yaml, source, reason, at);
    }

    private void shared(String key, String value) {
        if (!(KEY.equals(key) || key.startsWith(VERSION)) || value == null) {
            return;
        }
        try {
            JsonNode record = mapper.readTree(value);
            Instant at = Instant.parse(record.path("at").asText());
            String reason =
                    record.path("reason").isTextual() ? record.path("reason").asText() : null;
            if (directory.adopt(
                    record.path("yaml").asText(), record.path("source").asText("Kafka"), reason, at)) {
                LOG.infof("adopted the on-call configuration shared at %s", at);
            }
        } catch (IOException | DateTimeParseException e) {
            LOG.errorf("an unreadable on-call configuration record was ignored: %s", e.getMessage());
        }
    }
}
