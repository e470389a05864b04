package io.kizuki.notify.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.notify.channel.SlackMessages;
import io.kizuki.notify.channel.SlackWebhookClient;
import io.kizuki.notify.config.NotifyConfig;
import io.smallrye.mutiny.Uni;

/** Reads the ledger and pages on every new incident: a Slack message to the configured webhook. */
@ApplicationScoped
public class IncidentPager {

    public static final String CHANNEL = "ledger-notify";
    private static final Logger LOG = Logger.getLogger(IncidentPager.class);

    private final SlackWebhookClient slack;
    private final NotifyConfig config;
    private final WireCodec codec = new WireCodec();

    public IncidentPager(SlackWebhookClient slack, NotifyConfig config) {
        this.slack = slack;
        this.config = config;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRecord(ConsumerRecord<String, byte[]> record) {
        IncidentOpened opened;
        try {
            opened = codec.decode(CloudEventHeaders.read(record.headers(), record.value()))
                    .filter(IncidentOpened.class::isInstance).map(IncidentOpened.class::cast).orElse(null);
        } catch (MalformedRecordException e) {
            return Uni.createFrom().failure(e);
        }
        if (opened == null || config.slack().webhookUrl().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return slack.post(config.slack().webhookUrl().get(), SlackMessages.incidentOpened(opened, config.consoleUrl()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .atMost(config.slack().retries())
                .onItem().invoke(() -> LOG.infof("paged Slack for incident %s", opened.incidentId()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("could not page Slack for incident %s: %s", opened.incidentId(), failure.getMessage());
                    return null;
                });
    }
}
