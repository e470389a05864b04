package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The local stack's SMS gateway secret must not be used in production: it is in this repository. */
@Singleton
public class DevSmsGatewaySecret extends DevelopmentValue {

    public static final String DEV_SECRET = "devonlylocalgatewaysecret000000";

    public DevSmsGatewaySecret(
            @ConfigProperty(name = "kizuki.notify.telephony.gateway.secret") Optional<String> secret) {
        super(
                secret,
                DEV_SECRET,
                "the SMS gateway secret is the local stack's; set KIZUKI_SMS_GATEWAY_SECRET to your gateway's");
    }
}
