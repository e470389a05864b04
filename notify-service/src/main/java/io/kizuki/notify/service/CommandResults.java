package io.kizuki.notify.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.client.Decisions;
import io.kizuki.notify.config.KafkaSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads {@code kizuki.command-results.v1} from its end (every partition, no consumer group: each instance waits for
 * the commands it sent itself) and hands each result to the {@link Decisions} the chat relay waits on.
 */
@ApplicationScoped
public class CommandResults {

    private final KafkaSettings kafka;
    private final Decisions decisions = new Decisions();
    private WholeTopicReader<byte[]> reader;

    public CommandResults(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    public Decisions decisions() {
        return decisions;
    }

    void start(@Observes StartupEvent started) {
        reader = new WholeTopicReader<>(
                kafka,
                Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "kizuki-notify-command-results",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                Topics.COMMAND_RESULTS,
                false,
                new ByteArrayDeserializer(),
                record -> decisions.accept(record.headers(), record.value()));
        reader.start("kizuki-command-results");
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (reader != null) {
            reader.stop();
        }
    }
}
