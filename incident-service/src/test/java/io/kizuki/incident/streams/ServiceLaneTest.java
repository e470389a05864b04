package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.RecordPage;
import io.kizuki.ledger.event.ResponderPaged;

/** The services' own commands come on a lane of their own and are decided against the same incidents. */
class ServiceLaneTest {

    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    private final DeciderDriver driver =
            new DeciderDriver("service-lane-test", T0, Duration.ofDays(1), CommandCredentials.TRUSTED);

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void recordsAPageSentOnTheServicesLaneForAnIncidentOpenedOnThePeoplesLane() {
        driver.send("open-1", CommandOutcomeRetentionTest.opening("inc-1"), "kizuki:detection");
        driver.results();
        driver.ledgerTypes();

        driver.sendAsService("page-1", page("inc-1"), "client:kizuki-notify-service");

        assertThat(driver.results()).extracting(CommandResult::outcome).containsExactly(Outcome.ACCEPTED);
        assertThat(driver.ledgerTypes()).containsExactly(ResponderPaged.TYPE);
    }

    @Test
    void findsNoIncidentThatWasNeverOpenedWhicheverLaneAsks() {
        driver.sendAsService("page-1", page("inc-missing"), "client:kizuki-notify-service");

        assertThat(driver.results()).extracting(CommandResult::outcome).containsExactly(Outcome.NOT_FOUND);
        assertThat(driver.ledgerTypes()).isEmpty();
    }

    private static RecordPage page(String incidentId) {
        return new RecordPage(incidentId, "page-1", "alice", "Asia/Tokyo", "slack", 1, T0);
    }
}
