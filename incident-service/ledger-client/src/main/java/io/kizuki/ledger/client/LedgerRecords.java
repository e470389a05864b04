package io.kizuki.ledger.client;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;

/** An envelope as a Kafka record: the stream id as key, CloudEvents binary-mode headers, the JSON data as value. */
public final class LedgerRecords {

    private LedgerRecords() {}

    /** The envelope's CloudEvents headers, and the current trace context ({@link RecordTracing}) when there is one. */
    public static Headers headers(Envelope envelope) {
        var headers = new RecordHeaders();
        CloudEventHeaders.write(envelope, headers);
        RecordTracing.inject(headers);
        return headers;
    }

    /** The record that carries {@code envelope} on {@code topic} under {@code key}. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, Envelope envelope) {
        return new ProducerRecord<>(topic, null, key, envelope.data(), headers(envelope));
    }
}
