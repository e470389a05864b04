package io.kizuki.ledger.client;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends records through a SmallRye Reactive Messaging Kafka channel, for the services whose producers are channels:
 * the record's topic is the one written to (it overrides the channel's configured topic, which names the same).
 */
public final class ChannelSender {

    private ChannelSender() {}

    /** The channel message of a record: its topic, key, headers and value. */
    public static Message<byte[]> message(ProducerRecord<String, byte[]> record) {
        return Message.of(record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(record.topic())
                        .withKey(record.key())
                        .withHeaders(record.headers())
                        .build());
    }

    /** A sender onto {@code emitter}'s channel. */
    public static RecordSender of(MutinyEmitter<byte[]> emitter) {
        return record -> emitter.sendMessage(message(record)).subscribeAsCompletionStage();
    }
}
