package io.kizuki.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a {@code kizuki.services.} pass-through gives each service the stack starts. */
class ServicePropertiesTest {

    @Test
    void passesAPropertyToEveryServiceUnlessItNamesOneAndThenToEachInstanceOfThatOneOnly() {
        assertThat(LocalStack.servicePropertyName("incident-service", "quarkus.otel.sdk.disabled"))
                .contains("quarkus.otel.sdk.disabled");
        assertThat(LocalStack.servicePropertyName("notify-service", "notify-service.kizuki.notify.x"))
                .contains("kizuki.notify.x");
        assertThat(LocalStack.servicePropertyName("notify-service-2", "notify-service.kizuki.notify.x"))
                .contains("kizuki.notify.x");
        assertThat(LocalStack.servicePropertyName("incident-service", "notify-service.kizuki.notify.x"))
                .isEmpty();
        assertThat(LocalStack.servicePropertyName("incident-service-2", "notify-service.kizuki.notify.x"))
                .isEmpty();
    }
}
