package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AddTimelineEntry;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.event.IncidentEscalated;

/**
 * What the incident decider remembers under a command id: decisions only. Credentials that cannot be verified are not
 * a decision, a command id names one command only, and a stored outcome is never shown to another product's caller.
 */
class CommandIdentityTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final String INCIDENT = "inc-1";

    private final AtomicReference<CommandCredentials.Authority> authority =
            new AtomicReference<>(CommandCredentials.Authority.ENVELOPE);
    private final DeciderDriver driver = new DeciderDriver(
            "command-identity-test",
            T0,
            Duration.ofHours(24),
            (command, headers) ->
                    command instanceof EscalateIncident ? authority.get() : CommandCredentials.Authority.ENVELOPE);

    @BeforeEach
    void openIncident() {
        driver.send("open-1", CommandOutcomeRetentionTest.opening(INCIDENT), "kizuki:detection");
        driver.results();
        driver.ledgerTypes();
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void aCommandRefusedForCredentialsThatCannotBeVerifiedIsDecidedWhenSentAgainWithValidOnes() {
        authority.set(CommandCredentials.Authority.unauthenticated("the service-account token has expired"));
        send("escalate-1", new EscalateIncident(INCIDENT, 1, "shop"));
        assertThat(outcomes()).containsExactly(Outcome.UNAUTHENTICATED);
        assertThat(driver.ledgerTypes()).isEmpty();

        authority.set(new CommandCredentials.Authority("client:kizuki-notify-service", null));
        send("escalate-1", new EscalateIncident(INCIDENT, 1, "shop"));
        assertThat(outcomes()).containsExactly(Outcome.ACCEPTED);
        assertThat(driver.ledgerTypes()).containsExactly(IncidentEscalated.TYPE);
    }

    @Test
    void aCommandRefusedForMissingRightsIsADecisionAndStaysRefused() {
        authority.set(CommandCredentials.Authority.refused("the token's client lacks the role notifier"));
        send("escalate-2", new EscalateIncident(INCIDENT, 1, "shop"));
        authority.set(new CommandCredentials.Authority("client:kizuki-notify-service", null));
        send("escalate-2", new EscalateIncident(INCIDENT, 1, "shop"));

        assertThat(outcomes()).containsExactly(Outcome.FORBIDDEN, Outcome.FORBIDDEN);
        assertThat(driver.ledgerTypes()).isEmpty();
    }

    @Test
    void refusesACommandIdUsedBeforeForAnotherCommand() {
        send("note-key", note("Restarted the pods", List.of("shop")));
        send("note-key", note("Rolled back", List.of("shop")));
        send("note-key", note("Restarted the pods", List.of("shop")));

        assertThat(outcomes()).containsExactly(Outcome.ACCEPTED, Outcome.ID_REUSED, Outcome.ACCEPTED);
        assertThat(driver.ledgerTypes()).hasSize(1);
    }

    @Test
    void neverShowsAStoredOutcomeToACallerOfAnotherProduct() {
        send("shared-key", note("Card processor answers slowly", List.of("shop")));
        assertThat(outcomes()).containsExactly(Outcome.ACCEPTED);

        send("shared-key", note("Card processor answers slowly", List.of("payments")));
        send("unknown-key", new AcknowledgeIncident("inc-missing", null, List.of("payments")));

        List<CommandResult> answers = driver.results();
        assertThat(answers).extracting(CommandResult::outcome).containsExactly(Outcome.NOT_FOUND, Outcome.NOT_FOUND);
        assertThat(answers.get(0).events()).isEmpty();
        assertThat(answers.get(0).detail()).isEqualTo("no incident " + INCIDENT);
        assertThat(answers.get(1).detail()).isEqualTo("no incident inc-missing");
        assertThat(answers.get(0).sequence()).isEqualTo(answers.get(1).sequence());
        assertThat(answers.get(0).status()).isEqualTo(answers.get(1).status());
    }

    private static AddTimelineEntry note(String text, List<String> products) {
        return new AddTimelineEntry(INCIDENT, "entry-" + text.length(), "note", null, text, T0, null, products);
    }

    private void send(String commandId, IncidentCommand command) {
        driver.send(commandId, command, "user:alice");
    }

    private List<Outcome> outcomes() {
        return driver.results().stream().map(CommandResult::outcome).toList();
    }
}
