package io.kizuki.incident.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.RecordCanary;
import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.event.CanaryPassed;
import io.kizuki.ledger.event.ChangeRecorded;
import io.kizuki.ledger.event.ServiceEvent;

/** A service's changes, on its own stream: given its events, when a command, then the events. */
class ServiceDeciderTest {

    private static final Instant NOW = Instant.parse("2026-12-03T03:00:00Z");
    private static final CommandContext CONTEXT = new CommandContext("cmd-1", "integration:deployer", NOW);

    @Test
    void recordsADeployOnANewServiceStream() {
        Decision decision = ServiceDecider.decide(CONTEXT, change("service:shop-checkout", List.of("shop")), null);

        assertThat(decision).isEqualTo(new Accepted(List.of(recorded("chg-1"))));
    }

    @Test
    void recordsEachChangeAtTheNextSequenceOfTheStream() {
        ServiceStream state = given(recorded("chg-0"), recorded("chg-1"));

        Decision decision = ServiceDecider.decide(CONTEXT, change("service:shop-checkout", List.of("*")), state);

        assertThat(state).isEqualTo(new ServiceStream("service:shop-checkout", 2));
        ServiceEvent event = (ServiceEvent) ((Accepted) decision).events().getFirst();
        assertThat(ServiceDecider.evolve(state, event).sequence()).isEqualTo(3);
    }

    @Test
    void refusesAChangeAddressedToAnIncidentStream() {
        Decision decision = ServiceDecider.decide(CONTEXT, change("inc-1", List.of("shop")), null);

        assertThat(decision)
                .isInstanceOf(Rejected.class)
                .extracting(d -> ((Rejected) d).outcome())
                .isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void refusesAChangeOfAProductTheCallerDoesNotHold() {
        Decision decision = ServiceDecider.decide(
                CONTEXT, change("service:shop-checkout", List.of("payments")), given(recorded("chg-0")));

        assertThat(decision)
                .isInstanceOf(Rejected.class)
                .extracting(d -> ((Rejected) d).outcome())
                .isEqualTo(Outcome.FORBIDDEN);
    }

    @Test
    void recordsACanaryStageOnKizukisOwnStreamAtTheTimeItIsDecided() {
        Instant sent = NOW.minusSeconds(3);
        var canary =
                new RecordCanary(CanaryPassed.STREAM, "canary-1", CanaryPassed.PROJECTED, sent, sent.plusSeconds(120));

        Decision decision = ServiceDecider.decide(CONTEXT, canary, given(recorded("chg-0")));

        assertThat(decision)
                .isEqualTo(new Accepted(List.of(new CanaryPassed(
                        CanaryPassed.STREAM, "canary-1", CanaryPassed.PROJECTED, sent, sent.plusSeconds(120), NOW))));
    }

    @Test
    void refusesACanaryOnAnotherServicesStream() {
        var canary = new RecordCanary("service:shop-checkout", "canary-1", CanaryPassed.DECIDED, NOW, NOW);

        Decision decision = ServiceDecider.decide(CONTEXT, canary, null);

        assertThat(decision)
                .isInstanceOf(Rejected.class)
                .extracting(d -> ((Rejected) d).outcome())
                .isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void refusesACanaryStageThatIsNone() {
        var canary = new RecordCanary(CanaryPassed.STREAM, "canary-1", "paged", NOW, NOW);

        Decision decision = ServiceDecider.decide(CONTEXT, canary, null);

        assertThat(decision)
                .isInstanceOf(Rejected.class)
                .extracting(d -> ((Rejected) d).detail())
                .asString()
                .contains("decided or projected");
    }

    @Test
    void answersAnIncidentCommandOnAServiceStreamAsForAMissingIncident() {
        Decision decision = IncidentDecider.decide(
                CONTEXT, new AcknowledgeIncident("service:shop-checkout", null, List.of("*")), null);

        assertThat(decision).isEqualTo(IncidentDecider.notFound("service:shop-checkout"));
    }

    @Test
    void readsAServiceStreamStoredAsAnIncidentWithoutStatusBeforeServicesHadTheirOwnAggregate()
            throws JsonProcessingException {
        String stored = """
                {"id":"service:shop-checkout","status":null,"title":null,"alertCount":0,"sequence":4,"roles":{},
                 "actionItems":{},"linkedChanges":[],"level":1,"changedSequence":4,"learning":{}}
                """;

        ServiceStream state = WireCodec.newMapper().readValue(stored, ServiceStream.class);

        assertThat(state).isEqualTo(new ServiceStream("service:shop-checkout", 4));
    }

    private static ServiceStream given(ServiceEvent... events) {
        ServiceStream state = null;
        for (ServiceEvent event : events) {
            state = ServiceDecider.evolve(state, event);
        }
        return state;
    }

    private static ChangeRecorded recorded(String changeId) {
        return new ChangeRecorded(
                "service:shop-checkout",
                changeId,
                "shop",
                "shop-checkout",
                "2026.12.1",
                "deploy",
                "release 2026.12.1",
                List.of(),
                "alice",
                NOW,
                "integration:deployer",
                NOW);
    }

    private static RecordChange change(String stream, List<String> allowedProducts) {
        return new RecordChange(
                stream,
                "chg-1",
                "shop",
                "shop-checkout",
                "2026.12.1",
                "deploy",
                "release 2026.12.1",
                List.of(),
                "alice",
                null,
                allowedProducts);
    }
}
