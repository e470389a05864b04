package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The dev realm's secret of notify-service's service account must not be used in production. */
@Singleton
public class DevClientSecretDefault extends DevelopmentValue {

    static final String DEV_SECRET = "dev-only-notify-service-secret";

    public DevClientSecretDefault(
            @ConfigProperty(name = "kizuki.notify.service-account.client-secret") Optional<String> secret) {
        super(
                secret,
                DEV_SECRET,
                "notify-service's service-account secret is the dev realm's; set " + "KIZUKI_NOTIFY_CLIENT_SECRET");
    }
}
