package io.kizuki.incident.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.event.ChangeRecorded;

/** A service's changes, on its own stream: given nothing (a service stream has no state), when, then. */
class ServiceStreamDeciderTest {

    private static final Instant NOW = Instant.parse("2026-12-03T03:00:00Z");
    private static final CommandContext CONTEXT = new CommandContext("cmd-1", "integration:deployer", NOW);

    @Test
    void recordsADeployOnTheServicesStreamWhateverItHeldBefore() {
        var deploy = change("service:shop-checkout", List.of("shop"));

        Decision decision = IncidentDecider.decide(CONTEXT, deploy, null);

        assertThat(decision).isEqualTo(new Accepted(List.of(new ChangeRecorded("service:shop-checkout", "chg-1",
                "shop", "shop-checkout", "2026.12.1", "deploy", "release 2026.12.1", List.of(), "alice", NOW,
                "integration:deployer", NOW))));
    }

    @Test
    void refusesAChangeAddressedToAnIncidentStream() {
        Decision decision = IncidentDecider.decide(CONTEXT, change("inc-1", List.of("shop")), null);

        assertThat(decision).isInstanceOf(Rejected.class).extracting(d -> ((Rejected) d).outcome())
                .isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void refusesAChangeOfAProductTheCallerDoesNotHold() {
        Decision decision = IncidentDecider.decide(CONTEXT, change("service:shop-checkout", List.of("payments")),
                null);

        assertThat(decision).isInstanceOf(Rejected.class).extracting(d -> ((Rejected) d).outcome())
                .isEqualTo(Outcome.FORBIDDEN);
    }

    private static RecordChange change(String stream, List<String> allowedProducts) {
        return new RecordChange(stream, "chg-1", "shop", "shop-checkout", "2026.12.1", "deploy", "release 2026.12.1",
                List.of(), "alice", null, allowedProducts);
    }
}
