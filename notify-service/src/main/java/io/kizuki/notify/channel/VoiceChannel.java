package io.kizuki.notify.channel;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.chat.ActionLinks;
import io.kizuki.notify.config.LinkSettings;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.paging.Notification;

/**
 * A page as a phone call to the person's {@code voice} number, through the {@link Telephony} provider: the incident read
 * out and, when the provider takes keys and action links are set up, "press 4 to acknowledge, 6 to resolve, 5 to
 * escalate", the key posted (signed by the provider) to an address that names the person, the incident and the level
 * in a signed token of its own.
 */
@ApplicationScoped
public class VoiceChannel implements Channel {

    /** Where a call's key goes; the token follows. */
    public static final String KEYPAD_PATH = "/api/v1/telephony/voice/";

    private final Telephony telephony;
    private final Optional<ActionLinks> links;

    public VoiceChannel(Telephony telephony, LinkSettings links) {
        this.telephony = telephony;
        this.links = links.links();
    }

    @Override
    public String name() {
        return Notification.VOICE;
    }

    @Override
    public CompletableFuture<String> attempt(Notification notification, OnCallConfig config) {
        String to = notification.people().getFirst().person().voice();
        return telephony.required().thenCompose(provider -> {
            URI keypad = null;
            if (provider.keypad() && Notification.PAGE.equals(notification.purpose()) && links.isPresent()) {
                keypad = links.get()
                        .keypadToken(
                                notification.recipient(),
                                notification.incidentId(),
                                notification.level(),
                                notification.id(),
                                Instant.now())
                        .map(token -> links.get().publicUrl().resolve(KEYPAD_PATH + token))
                        .orElse(null);
            }
            return provider.call(to, Messages.voice(notification, keypad != null), keypad);
        });
    }
}
