package io.kizuki.report.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The dev realm's secret of report-service's service account must not be used in production. */
@Singleton
public class DevClientSecretDefault extends DevelopmentValue {

    static final String DEV_SECRET = "dev-only-report-service-secret";

    public DevClientSecretDefault(
            @ConfigProperty(name = "kizuki.report.service-account.client-secret") Optional<String> secret) {
        super(
                secret,
                DEV_SECRET,
                "report-service's service-account secret is the dev realm's; set " + "KIZUKI_REPORT_CLIENT_SECRET");
    }
}
