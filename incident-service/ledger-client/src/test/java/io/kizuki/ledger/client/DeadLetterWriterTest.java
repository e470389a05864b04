package io.kizuki.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Topics;

class DeadLetterWriterTest {

    @Test
    void sendsTheRecordAsItWasWithWhereItWasWhoFailedAndWhy() throws Exception {
        AtomicReference<ProducerRecord<String, byte[]>> sent = new AtomicReference<>();
        var writer = new DeadLetterWriter(record -> {
            sent.set(record);
            return CompletableFuture.completedFuture(null);
        });
        var original = new ConsumerRecord<>(Topics.LEDGER, 2, 41L, "inc-1", "{oops".getBytes(StandardCharsets.UTF_8));
        original.headers().add("ce_type", "kizuki.incident.opened.v1".getBytes(StandardCharsets.UTF_8));

        writer.send(original, "report-service", "data does not fit")
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        ProducerRecord<String, byte[]> letter = sent.get();
        assertThat(letter.topic()).isEqualTo(Topics.DEAD_LETTERS);
        assertThat(letter.key()).isEqualTo("inc-1");
        assertThat(letter.value()).isEqualTo(original.value());
        assertThat(header(letter, "ce_type")).isEqualTo("kizuki.incident.opened.v1");
        assertThat(header(letter, DeadLetterWriter.REASON)).isEqualTo("data does not fit");
        assertThat(header(letter, DeadLetterWriter.TOPIC)).isEqualTo(Topics.LEDGER);
        assertThat(header(letter, DeadLetterWriter.PARTITION)).isEqualTo("2");
        assertThat(header(letter, DeadLetterWriter.OFFSET)).isEqualTo("41");
        assertThat(header(letter, DeadLetterWriter.CONSUMER)).isEqualTo("report-service");
    }

    @Test
    void sendsARecordWithoutValueAsAnEmptyOne() {
        var original = new ConsumerRecord<String, byte[]>(Topics.LEDGER, 0, 7L, "inc-1", null);

        assertThat(DeadLetterWriter.record(original, "notify-service", "record has no value")
                        .value())
                .isEmpty();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
