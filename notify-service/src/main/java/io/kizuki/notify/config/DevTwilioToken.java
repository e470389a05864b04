package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The local stack's Twilio auth token must not be used in production: it is in this repository. */
@Singleton
public class DevTwilioToken extends DevelopmentValue {

    public static final String DEV_TOKEN = "devonlylocaltwilioauthtoken0000";

    public DevTwilioToken(@ConfigProperty(name = "kizuki.notify.telephony.twilio.auth-token") Optional<String> token) {
        super(
                token,
                DEV_TOKEN,
                "the Twilio auth token is the local stack's; set KIZUKI_TWILIO_AUTH_TOKEN to your account's");
    }
}
