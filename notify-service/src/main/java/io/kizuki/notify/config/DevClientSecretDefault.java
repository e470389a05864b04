package io.kizuki.notify.config;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentDefaults;

/** The dev realm's secret of notify-service's service account must not be used in production. */
@Singleton
public class DevClientSecretDefault implements DevelopmentDefaults {

    static final String DEV_SECRET = "dev-only-notify-service-secret";

    private final Optional<String> secret;

    public DevClientSecretDefault(
            @ConfigProperty(name = "kizuki.notify.service-account.client-secret") Optional<String> secret) {
        this.secret = secret;
    }

    @Override
    public List<String> found() {
        return secret.filter(DEV_SECRET::equals).map(s -> List.of("notify-service's service-account secret is the "
                + "dev realm's; set KIZUKI_NOTIFY_CLIENT_SECRET")).orElse(List.of());
    }
}
