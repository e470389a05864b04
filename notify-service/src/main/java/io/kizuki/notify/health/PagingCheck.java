package io.kizuki.notify.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.kizuki.notify.service.LedgerFollower;
import io.kizuki.notify.service.ServiceAccount;

/**
 * Not ready until it pages from the whole ledger: its partitions are read up to where they were when assigned, and
 * its service account has a token (without one, what it records would be refused).
 */
@Readiness
public class PagingCheck implements HealthCheck {

    private final LedgerFollower follower;
    private final ServiceAccount account;

    public PagingCheck(LedgerFollower follower, ServiceAccount account) {
        this.follower = follower;
        this.account = account;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("paging")
                .status(follower.caughtUp() && account.ready())
                .withData("ledgerCaughtUp", follower.caughtUp())
                .withData("serviceAccountToken", account.ready())
                .build();
    }
}
