package io.kizuki.notify.channel;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.paging.Notification;

/**
 * A page as a text message to the person's {@code sms} number, through the {@link Telephony} provider. A page carries
 * the person's page number ({@link PageNumbering}), held before it is sent, so that a reply {@code ack 12} finds it.
 */
@ApplicationScoped
public class SmsChannel implements Channel {

    private final Telephony telephony;
    private final PageNumbering numbers;
    private final URI consoleUrl;

    public SmsChannel(Telephony telephony, PageNumbering numbers, NotifyConfig config) {
        this.telephony = telephony;
        this.numbers = numbers;
        this.consoleUrl = config.consoleUrl();
    }

    @Override
    public String name() {
        return Notification.SMS;
    }

    @Override
    public CompletableFuture<String> attempt(Notification notification, OnCallConfig config) {
        String person = notification.recipient();
        String to = notification.people().getFirst().person().sms();
        return telephony.required().thenCompose(provider -> {
            CompletableFuture<Integer> number = Notification.PAGE.equals(notification.purpose())
                    ? numbers.hold(person, notification.incidentId(), notification.level())
                    : CompletableFuture.completedFuture(null);
            return number.thenCompose(held -> provider.text(to, Messages.sms(notification, consoleUrl, held)));
        });
    }
}
