package io.kizuki.notify.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.notify.channel.SlackMessages;
import io.kizuki.notify.channel.SlackWebhookClient;
import io.kizuki.notify.config.NotifyConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/** Reads the ledger and pages on every new incident: a Slack message to the configured webhook. */
@ApplicationScoped
public class IncidentPager {

    public static final String CHANNEL = "ledger-notify";
    private static final Logger LOG = Logger.getLogger(IncidentPager.class);

    /** Meter names: deliveries by channel and outcome, and how long a delivery took (with its retries). */
    static final String DELIVERIES = "kizuki.notifications";
    static final String DELIVERY_TIME = "kizuki.notification.delivery";

    private final SlackWebhookClient slack;
    private final NotifyConfig config;
    private final WireCodec codec = new WireCodec();
    private final Counter delivered;
    private final Counter failed;
    private final Timer deliveryTime;

    public IncidentPager(SlackWebhookClient slack, NotifyConfig config, MeterRegistry meters) {
        this.slack = slack;
        this.config = config;
        this.delivered = meters.counter(DELIVERIES, "channel", "slack", "outcome", "delivered");
        this.failed = meters.counter(DELIVERIES, "channel", "slack", "outcome", "failed");
        this.deliveryTime = Timer.builder(DELIVERY_TIME).tag("channel", "slack").publishPercentileHistogram()
                .register(meters);
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRecord(ConsumerRecord<String, byte[]> record) {
        IncidentOpened opened;
        try {
            Envelope envelope = CloudEventHeaders.read(record.headers(), record.value());
            // only a new incident pages: the data of other events is not even parsed
            opened = !IncidentOpened.TYPE.equals(envelope.type()) ? null : codec.decode(envelope)
                    .filter(IncidentOpened.class::isInstance).map(IncidentOpened.class::cast).orElse(null);
        } catch (MalformedRecordException e) {
            return Uni.createFrom().failure(e);
        }
        if (opened == null || config.slack().webhookUrl().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long started = System.nanoTime();
        return slack.post(config.slack().webhookUrl().get(), SlackMessages.incidentOpened(opened, config.consoleUrl()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .atMost(config.slack().retries())
                .onItemOrFailure().invoke((item, failure) -> deliveryTime.record(System.nanoTime() - started,
                        TimeUnit.NANOSECONDS))
                .onItem().invoke(() -> {
                    delivered.increment();
                    LOG.debugf("paged Slack for incident %s", opened.incidentId());
                })
                .onFailure().recoverWithItem(failure -> {
                    failed.increment();
                    LOG.errorf("could not page Slack for incident %s: %s", opened.incidentId(), failure.getMessage());
                    return null;
                });
    }
}
