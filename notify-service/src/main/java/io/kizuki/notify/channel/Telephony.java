package io.kizuki.notify.channel;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.config.NotifyConfig;

/**
 * Texts and calls to people's phones, through the provider the deployment chose
 * ({@code kizuki.notify.telephony.provider}): {@link TwilioApi}, an {@link SmsGateway}, or none.
 */
@ApplicationScoped
public class Telephony {

    /** One way of texting and calling. */
    public interface Provider {

        /** Texts {@code text} to {@code to}; completes with the provider's id of the message, if it says. */
        CompletableFuture<String> text(String to, String text);

        /**
         * Calls {@code to} and reads {@code spoken} out in its language; with {@code keypad}, the key the person
         * presses is posted there (signed by the provider), if the provider can; with {@code status}, how the call
         * ended (answered, or not: busy, no answer, failed) is posted there, if the provider says.
         */
        CompletableFuture<String> call(String to, Messages.Spoken spoken, URI keypad, URI status);

        /** Whether a call can take a key the person presses. */
        boolean keypad();

        /** The key inbound requests (replies, keys pressed) are signed with. */
        Optional<String> signingKey();
    }

    private final Optional<Provider> provider;

    public Telephony(NotifyConfig config, JsonPost post) {
        NotifyConfig.Telephony settings = config.telephony();
        this.provider = switch (settings.provider()) {
            case "twilio" -> Optional.of(new TwilioApi(settings.twilio(), post));
            case "gateway" -> Optional.of(new SmsGateway(settings.gateway(), post));
            case "none" -> Optional.empty();
            default ->
                throw new IllegalStateException("kizuki.notify.telephony.provider must be twilio, gateway or "
                        + "none, not " + settings.provider());
        };
    }

    /** The provider, if one is configured. */
    public Optional<Provider> provider() {
        return provider;
    }

    /** The configured provider, or a failure that says none is (tried again: configuration can change). */
    CompletableFuture<Provider> required() {
        return provider.map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(new DeliveryException(
                        "no telephony provider is configured (KIZUKI_TELEPHONY_PROVIDER)", false, null)));
    }
}
