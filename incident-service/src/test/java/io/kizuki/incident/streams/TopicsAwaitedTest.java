package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class TopicsAwaitedTest {

    private static final String MEMBER = "kizuki-incident-service-host-8081";

    private final List<String> removed = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final TopicsAwaited handler = new TopicsAwaited(Optional.of(MEMBER), removed::add, pauses::add);

    @Test
    void replacesTheStreamThreadASecondAfterATopicWasMissing() throws InterruptedException {
        var response = onStreamThread(
                "kizuki-incident-service-0b5e-StreamThread-2",
                new MissingSourceTopicException("One or more source topics were missing during rebalance"));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void removesTheThreadsStaticMemberSoThatItsReplacementIsAssignedAfresh() throws InterruptedException {
        onStreamThread(
                "kizuki-incident-service-0b5e-StreamThread-2",
                new MissingSourceTopicException("One or more source topics were missing during rebalance"));

        assertThat(removed).containsExactly(MEMBER + "-2");
    }

    @Test
    void removesNoMemberWhenTheDecidersAreNotStaticMembers() {
        var dynamic = new TopicsAwaited(Optional.empty(), removed::add, pauses::add);

        var response = dynamic.handle(new MissingSourceTopicException("missing"));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(removed).isEmpty();
    }

    @Test
    void findsTheMissingTopicBehindAWrapper() {
        var response = handler.handle(
                new StreamsException(new KafkaException(new MissingSourceTopicException("missing during rebalance"))));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shutsTheClientDownOnAnyOtherError() throws InterruptedException {
        var response = onStreamThread(
                "kizuki-incident-service-0b5e-StreamThread-1",
                new StreamsException("a decider threw", new IllegalStateException("bug")));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(pauses).isEmpty();
        assertThat(removed).isEmpty();
    }

    private StreamThreadExceptionResponse onStreamThread(String name, Throwable exception) throws InterruptedException {
        var response = new AtomicReference<StreamThreadExceptionResponse>();
        var thread = new Thread(() -> response.set(handler.handle(exception)), name);
        thread.start();
        thread.join();
        return response.get();
    }
}
