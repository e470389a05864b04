package io.kizuki.notify.service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.kizuki.ledger.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The last test of each of a person's contact methods (what {@code POST /api/v1/people/{id}/test-notification} did
 * on each way), kept on {@value Topics#CONTACT_CHECKS} (key {@code <person>:<way>}, value
 * {@code <at, epoch ms>|<delivered>|<reason>}), read whole by every instance: whichever instance a person asks says
 * when each way last worked.
 */
@ApplicationScoped
public class ContactChecks {

    /** A way's last test: when, whether it was delivered, and why not. */
    public record Check(Instant at, boolean delivered, String reason) {}

    private final CompactedTopics topics;
    private final Map<String, Check> checks = new ConcurrentHashMap<>();
    private CompactedTopic topic;

    public ContactChecks(CompactedTopics topics) {
        this.topics = topics;
    }

    void start(@Observes StartupEvent started) {
        topic = topics.open("kizuki-notify-contact-checks", Topics.CONTACT_CHECKS, (key, value) -> parse(value)
                .ifPresent(check -> checks.merge(key, check, (a, b) -> b.at().isAfter(a.at()) ? b : a)));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (topic != null) {
            topic.close();
        }
    }

    /** Keeps a way's test; completes once written. */
    public CompletableFuture<Void> record(String person, String way, Check check) {
        checks.merge(person + ":" + way, check, (a, b) -> b.at().isAfter(a.at()) ? b : a);
        String reason = check.reason() == null ? "" : check.reason().replace('|', '/');
        return topic.write(person + ":" + way, check.at().toEpochMilli() + "|" + check.delivered() + "|" + reason);
    }

    /** A way's last test, if it was tested. */
    public Optional<Check> last(String person, String way) {
        return Optional.ofNullable(checks.get(person + ":" + way));
    }

    static Optional<Check> parse(String value) {
        String[] parts = value == null ? new String[0] : value.split("\\|", 3);
        try {
            return parts.length == 3
                    ? Optional.of(new Check(
                            Instant.ofEpochMilli(Long.parseLong(parts[0])),
                            Boolean.parseBoolean(parts[1]),
                            parts[2].isEmpty() ? null : parts[2]))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
