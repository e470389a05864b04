package io.kizuki.incident.integration;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.ChannelSender;
import io.kizuki.ledger.client.LedgerRecords;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Creates, rotates and revokes integrations. A new key is returned once and never stored; the state goes to
 * {@code kizuki.integrations.v1} (acks=all) and into this instance's table before the caller is answered.
 */
@ApplicationScoped
public class IntegrationService {

    public static final String CHANNEL = "integrations-out";
    static final String SOURCE = "/kizuki/incident-service/integrations";
    static final String DEV_INTEGRATION_ID = "dev-shop";
    private static final Logger LOG = Logger.getLogger(IntegrationService.class);

    /** A state change and, for create and rotate, the new key (shown once). */
    public record Change(Integration integration, String routingKey) {}

    private final MutinyEmitter<byte[]> emitter;
    private final IntegrationTable table;
    private final IncidentServiceConfig.DevIntegration dev;
    private final WireCodec codec = new WireCodec(Map.of(Integration.TYPE, Integration.class));
    private final Clock clock = Clock.systemUTC();

    public IntegrationService(
            @Channel(CHANNEL) MutinyEmitter<byte[]> emitter, IntegrationTable table, IncidentServiceConfig config) {
        this.emitter = emitter;
        this.table = table;
        this.dev = config.devIntegration();
    }

    public Uni<Change> create(String name, String product, RateLimit rateLimit, String actor) {
        String key = RoutingKeys.generate();
        return create(UUID.randomUUID().toString(), name, product, key, rateLimit, actor);
    }

    /** Sets the integration's own rate limit, on every instance. */
    public Uni<Change> limit(Integration integration, RateLimit rateLimit, String actor) {
        return publish(integration.withRateLimit(rateLimit, clock.instant(), actor), null);
    }

    public Uni<Change> rotate(Integration integration, String actor) {
        String key = RoutingKeys.generate();
        return publish(integration.withKey(RoutingKeys.store(key), clock.instant(), actor), key);
    }

    public Uni<Change> revoke(Integration integration, String actor) {
        return publish(integration.revoked(clock.instant(), actor), null);
    }

    /** Dev only: the local stack's integration for product {@code shop}, with its well-known key. */
    void seedDevIntegration(@Observes StartupEvent startup) {
        if (dev.routingKey().isEmpty()) {
            return;
        }
        table.ready().thenRun(() -> {
            if (table.byId(DEV_INTEGRATION_ID).isEmpty()) {
                create(
                                DEV_INTEGRATION_ID,
                                dev.product() + "-dev",
                                dev.product(),
                                dev.routingKey().get(),
                                null,
                                "kizuki:dev")
                        .subscribe()
                        .with(
                                change -> LOG.warn("seeded the dev-only integration shop-dev"),
                                failure -> LOG.error("could not seed the dev integration", failure));
            }
        });
    }

    private Uni<Change> create(String id, String name, String product, String key, RateLimit rateLimit, String actor) {
        var now = clock.instant();
        RoutingKeys.Stored stored = RoutingKeys.store(key);
        var integration = new Integration(
                id,
                name,
                product,
                stored.keyId(),
                stored.salt(),
                stored.hash(),
                Integration.Status.ACTIVE,
                now,
                now,
                actor,
                rateLimit);
        return publish(integration, key);
    }

    private Uni<Change> publish(Integration integration, String key) {
        var envelope = new Envelope(
                UUID.randomUUID().toString(),
                SOURCE,
                integration.type(),
                integration.integrationId(),
                integration.updatedAt(),
                null,
                null,
                null,
                integration.updatedBy(),
                codec.encode(integration));
        return emitter.sendMessage(ChannelSender.message(
                        LedgerRecords.record(Topics.INTEGRATIONS, integration.integrationId(), envelope)))
                .invoke(() -> table.apply(integration))
                .map(done -> new Change(integration, key));
    }
}
