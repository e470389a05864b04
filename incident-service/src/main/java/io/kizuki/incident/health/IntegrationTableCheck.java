package io.kizuki.incident.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.kizuki.incident.integration.IntegrationTable;

/** Not ready until every integration is loaded: before that, routing keys would be refused. */
@Readiness
public class IntegrationTableCheck implements HealthCheck {

    private final IntegrationTable table;

    public IntegrationTableCheck(IntegrationTable table) {
        this.table = table;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("integration-table")
                .status(table.isReady())
                .build();
    }
}
