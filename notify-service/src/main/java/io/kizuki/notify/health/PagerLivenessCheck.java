package io.kizuki.notify.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.kizuki.notify.service.LedgerFollower;

/**
 * Not live once the ledger follower stopped on an error it cannot go on after: such a process pages nothing, so its
 * supervisor (Kubernetes' liveness probe) must start it again. The follower also ends the process itself, for
 * supervisors that only watch processes ({@code deploy/local/up}).
 */
@Liveness
public class PagerLivenessCheck implements HealthCheck {

    private final LedgerFollower follower;

    public PagerLivenessCheck(LedgerFollower follower) {
        this.follower = follower;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("ledger-follower")
                .status(follower.alive())
                .build();
    }
}
