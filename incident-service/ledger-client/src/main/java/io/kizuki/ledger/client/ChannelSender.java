package io.kizuki.ledger.client;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends records through a SmallRye Reactive Messaging Kafka channel (the channel's configuration names the topic):
 * for the services whose producers are channels.
 */
public final class ChannelSender {

    private ChannelSender() {
    }

    /** The channel message of a record: its key, headers and value. */
    public static Message<byte[]> message(ProducerRecord<String, byte[]> record) {
        return Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(record.headers())
                .build());
    }

    /** A sender onto {@code emitter}'s channel. */
    public static RecordSender of(MutinyEmitter<byte[]> emitter) {
        return record -> emitter.sendMessage(message(record)).subscribeAsCompletionStage();
    }
}
