package io.kizuki.notify.channel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * in a signed token of its own. How the call ended is posted under the same token ({@link #STATUS_SUFFIX}): a call
 * nobody answered is a page that failed, so the person's next step comes at once.
 */
@ApplicationScoped
public class VoiceChannel implements Channel {

    /** Where a call's key goes; the token follows. */
    public static final String KEYPAD_PATH = "/api/v1/telephony/voice/";
    /** After the token: where the provider says how a page's call ended. */
    public static final String STATUS_SUFFIX = "/status";
    /** The query parameter of the status address that names the notification (its token holds a digest of it). */
    public static final String NOTIFICATION = "notification";

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
            Optional<String> token = Optional.empty();
            if (Notification.PAGE.equals(notification.purpose()) && links.isPresent()) {
                token = links.get()
                        .keypadToken(
                                notification.recipient(),
                                notification.incidentId(),
                                notification.level(),
                                notification.id(),
                                Instant.now());
            }
            URI keypad = token.filter(t -> provider.keypad())
                    .map(t -> links.get().publicUrl().resolve(KEYPAD_PATH + t))
                    .orElse(null);
            URI status = token.map(t -> links.get()
                            .publicUrl()
                            .resolve(KEYPAD_PATH + t + STATUS_SUFFIX + "?" + NOTIFICATION + "="
                                    + URLEncoder.encode(notification.id(), StandardCharsets.UTF_8)))
                    .orElse(null);
            return provider.call(to, Messages.voice(notification, keypad != null), keypad, status);
        });
    }
}
