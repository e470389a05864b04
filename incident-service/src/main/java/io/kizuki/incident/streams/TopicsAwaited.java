package io.kizuki.incident.streams;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kizuki.incident.config.DecidersMember;
import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.ledger.Topics;

/**
 * Has the deciders wait for a topic they read that does not exist yet (a first start before the deployment made
 * Kizuki's topics, or while Strimzi still makes them). Kafka Streams starts at once (Quarkus' own wait for the topics
 * is off: it slept a second after finding them before it started the deciders) and reports a missing topic from a
 * rebalance as a {@link MissingSourceTopicException} on the stream thread, which would shut the client down (and
 * {@link DecidersStopped} end the process). This replaces the thread a second later instead, and the new one joins the
 * group again. A static member ({@code config/DecidersMember}) is first removed from the group: one that joined again
 * under a name the group still held would be handed that member's last assignment, the missing topic's error with it,
 * without a rebalance, forever. Any other error still shuts the client down. Quarkus sets this handler on the client;
 * readiness says which topics are missing meanwhile ({@code health/DecidersTopicsCheck}).
 */
@ApplicationScoped
public class TopicsAwaited implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(TopicsAwaited.class);
    static final Duration AGAIN_AFTER = Duration.ofSeconds(1);
    private static final Duration ASK_FOR = Duration.ofSeconds(5);
    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-([0-9]+)");

    private final Optional<String> member;
    private final Consumer<String> removeMember;
    private final Consumer<Duration> pause;

    @Inject
    public TopicsAwaited(KafkaSettings kafka, @ConfigProperty(name = DecidersMember.PROPERTY) Optional<String> member) {
        this(member, name -> remove(kafka, name), TopicsAwaited::sleep);
    }

    TopicsAwaited(Optional<String> member, Consumer<String> removeMember, Consumer<Duration> pause) {
        this.member = member;
        this.removeMember = removeMember;
        this.pause = pause;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        if (!topicMissing(exception)) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.warnf(
                "a topic the deciders read does not exist: they look again in %d ms (Kizuki's topics are made before"
                        + " its first start, deploy/production.md)",
                AGAIN_AFTER.toMillis());
        staticMember(Thread.currentThread().getName()).ifPresent(removeMember);
        pause.accept(AGAIN_AFTER);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The group member of a stream thread: Kafka Streams names it by the configured name and the thread's number. */
    private Optional<String> staticMember(String threadName) {
        var thread = STREAM_THREAD.matcher(threadName);
        return thread.matches() ? member.map(name -> name + "-" + thread.group(1)) : Optional.empty();
    }

    private static boolean topicMissing(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof MissingSourceTopicException) {
                return true;
            }
        }
        return false;
    }

    private static void remove(KafkaSettings kafka, String member) {
        try (Admin admin = kafka.admin(ASK_FOR)) {
            admin.removeMembersFromConsumerGroup(
                            Topics.DECIDERS,
                            new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(member))))
                    .all()
                    .get(ASK_FOR.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warnf(
                    "could not remove %s from the deciders' group (%s): it leaves at its session's timeout", member, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
