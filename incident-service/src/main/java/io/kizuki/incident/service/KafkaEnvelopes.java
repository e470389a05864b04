package io.kizuki.incident.service;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Turns an envelope into a SmallRye Kafka message: key, CloudEvents binary headers, JSON value. */
public final class KafkaEnvelopes {

    private KafkaEnvelopes() {
    }

    public static Message<byte[]> message(String key, Envelope envelope) {
        var headers = new RecordHeaders();
        CloudEventHeaders.write(envelope, headers);
        return Message.of(envelope.data()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build());
    }
}
