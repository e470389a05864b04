package io.kizuki.report.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DevelopmentDefaultsTest {

    @Test
    void namesTheDevServiceAccountSecretAndWhatToSetInstead() {
        assertThat(new DevClientSecretDefault(Optional.of(DevClientSecretDefault.DEV_SECRET)).found())
                .singleElement()
                .asString()
                .contains("KIZUKI_REPORT_CLIENT_SECRET");
    }

    @Test
    void acceptsAnyOtherServiceAccountSecretOrNone() {
        assertThat(new DevClientSecretDefault(Optional.of("generated-by-keycloak")).found())
                .isEmpty();
        assertThat(new DevClientSecretDefault(Optional.empty()).found()).isEmpty();
    }

    @Test
    void namesTheEmbeddedDatabasePasswordAndWhatToSetInstead() {
        assertThat(new EmbeddedDatabaseDefault(Optional.of(EmbeddedDatabaseDefault.DEV_DB_PASSWORD)).found())
                .singleElement()
                .asString()
                .contains("KIZUKI_REPORT_DB_PASSWORD");
        assertThat(new EmbeddedDatabaseDefault(Optional.of("a-real-password")).found())
                .isEmpty();
    }
}
