package io.kizuki.ledger.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.LedgerCommand;

/**
 * A command as a record of {@code kizuki.commands.v1} (people's) or {@code kizuki.service-commands.v1} (a service's
 * own), sent: what both command clients do the same way.
 */
final class CommandRecords {

    private static final Logger LOG = Logger.getLogger(CommandRecords.class);
    private static final WireCodec CODEC = new WireCodec();

    private CommandRecords() {}

    /**
     * Sends {@code command} to {@code topic} keyed by its stream, in an envelope whose id (and correlation id) is the
     * command id and whose actor is {@code sentBy}, with {@code token} in {@link CommandAuthorization#HEADER} when
     * there is one, and the given further headers.
     * Completes once Kafka has it; fails (logged) when Kafka did not take it.
     */
    static CompletableFuture<Void> send(
            RecordSender sender,
            String topic,
            String source,
            String commandId,
            LedgerCommand command,
            String sentBy,
            String token,
            Map<String, String> headers) {
        var envelope = new Envelope(
                commandId,
                source,
                command.type(),
                command.streamId(),
                Instant.now(),
                null,
                null,
                commandId,
                sentBy,
                CODEC.encode(command));
        var record = LedgerRecords.record(topic, command.streamId(), envelope);
        if (token != null) {
            record.headers().add(CommandAuthorization.HEADER, token.getBytes(StandardCharsets.UTF_8));
        }
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return sender.send(record).toCompletableFuture().whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.errorf(
                        "could not send %s %s for %s: %s",
                        command.type(), commandId, command.streamId(), failure.getMessage());
            }
        });
    }
}
