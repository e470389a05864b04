package io.kizuki.ledger.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.kizuki.ledger.Topics;

/**
 * Records a consumer cannot read or apply go to {@code kizuki.dead-letters.v1} as they were (key, value, headers),
 * with five headers more: why ({@value #REASON}), where they were ({@value #TOPIC}, {@value #PARTITION},
 * {@value #OFFSET}) and who could not apply them ({@value #CONSUMER}). Every service writes the same headers.
 */
public final class DeadLetterWriter {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String CONSUMER = "dead-letter-consumer";
    private static final Logger LOG = Logger.getLogger(DeadLetterWriter.class);

    private final RecordSender sender;

    public DeadLetterWriter(RecordSender sender) {
        this.sender = sender;
    }

    /** Sends {@code record} to the dead-letter topic (logged with its place); fails when Kafka did not take it. */
    public CompletionStage<Void> send(ConsumerRecord<String, byte[]> record, String consumer, String reason) {
        LOG.errorf(
                "%s dead-letters ledger record %s-%d@%d: %s",
                consumer, record.topic(), record.partition(), record.offset(), reason);
        return sender.send(record(record, consumer, reason)).whenComplete((sent, failure) -> {
            if (failure != null) {
                LOG.errorf(
                        "could not dead-letter record %s-%d@%d: %s",
                        record.topic(), record.partition(), record.offset(), failure.getMessage());
            }
        });
    }

    /** The dead letter of {@code record}. */
    public static ProducerRecord<String, byte[]> record(
            ConsumerRecord<String, byte[]> record, String consumer, String reason) {
        return new ProducerRecord<>(
                Topics.DEAD_LETTERS,
                null,
                record.key(),
                record.value() == null ? new byte[0] : record.value(),
                headers(record.headers(), record.topic(), record.partition(), record.offset(), consumer, reason));
    }

    /** A record's headers with the dead-letter headers added. */
    public static Headers headers(
            Headers original, String topic, int partition, long offset, String consumer, String reason) {
        var headers = new RecordHeaders(original.toArray());
        add(headers, REASON, reason);
        add(headers, TOPIC, topic);
        add(headers, PARTITION, Integer.toString(partition));
        add(headers, OFFSET, Long.toString(offset));
        add(headers, CONSUMER, consumer);
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
