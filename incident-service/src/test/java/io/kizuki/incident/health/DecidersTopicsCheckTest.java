package io.kizuki.incident.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Topics;

class DecidersTopicsCheckTest {

    private final Set<String> existing = new HashSet<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final DecidersTopicsCheck check = new DecidersTopicsCheck(() -> {
        asked.incrementAndGet();
        return Set.copyOf(existing);
    });

    @Test
    void namesTheTopicsThatDoNotExistYet() {
        existing.addAll(List.of(Topics.SIGNALS, Topics.COMMANDS, Topics.LEDGER, Topics.SILENCES));

        var response = check.call();

        assertThat(response.getStatus()).isEqualTo(Status.DOWN);
        assertThat(response.getData().orElseThrow().get("missing_topics"))
                .isEqualTo("kizuki.detection-feedback.v1,kizuki.service-commands.v1,kizuki.command-results.v1,"
                        + "kizuki.knowledge.v1,kizuki.dead-letters.v1");
    }

    @Test
    void isReadyOnceAllExistAndThenAsksNoMore() {
        existing.addAll(DecidersTopicsCheck.TOPICS);

        assertThat(check.call().getStatus()).isEqualTo(Status.UP);
        existing.clear();
        assertThat(check.call().getStatus()).isEqualTo(Status.UP);
        assertThat(asked).hasValue(1);
    }

    @Test
    void isNotReadyWhileTheBrokerCannotBeAsked() {
        var unreachable = new DecidersTopicsCheck(() -> {
            throw new IllegalStateException("could not list the topics: timed out");
        });

        var response = unreachable.call();

        assertThat(response.getStatus()).isEqualTo(Status.DOWN);
        assertThat(response.getData().orElseThrow().get("error")).isEqualTo("could not list the topics: timed out");
    }
}
