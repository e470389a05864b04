package io.kizuki.report.ledger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.kizuki.ledger.client.ChannelSender;
import io.kizuki.ledger.client.ServiceCommandClient;
import io.kizuki.ledger.command.LedgerCommand;
import io.kizuki.web.ServiceAccountToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * report-service's own commands to incident-service's deciders (recurrence flags, the canary's projected stage), on
 * {@code kizuki.service-commands.v1} with its service account's token (role {@code reporter}). Without a valid token a
 * command waits rather than being refused ({@link ServiceCommandClient}). A singleton, made at start with the beans
 * that use it: the token is asked for, and its metrics exported, before the first command.
 */
@Singleton
public class ServiceCommands {

    public static final String CHANNEL = "commands";
    static final String SOURCE = "/kizuki/report-service";

    private final ServiceCommandClient client;

    public ServiceCommands(
            @Channel(CHANNEL) MutinyEmitter<byte[]> commands,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl,
            @ConfigProperty(name = "kizuki.report.service-account.client-id") String clientId,
            @ConfigProperty(name = "kizuki.report.service-account.client-secret") Optional<String> secret,
            MeterRegistry meters) {
        var account = new ServiceAccountToken(realmUrl, clientId, secret).bindTo(meters);
        this.client = new ServiceCommandClient(SOURCE, ChannelSender.of(commands), account::actor, account::bearer);
    }

    /** Completes once Kafka has the command; derive the id with {@link io.kizuki.ledger.StableId}. */
    public CompletableFuture<Void> send(String commandId, LedgerCommand command) {
        return client.send(commandId, command);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
