package io.kizuki.notify.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ShiftSwapTest {

    private static final Instant FROM = Instant.parse("2026-12-24T17:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-12-25T08:00:00Z");
    private static final Instant ASKED = Instant.parse("2026-12-20T10:00:00Z");

    private static ShiftSwap asked(String to) {
        return ShiftSwap.requested(
                "s-1", "shop-primary", FROM, UNTIL, "alice", to, "family dinner", "user:alice", ASKED);
    }

    @Test
    void anAcceptedSwapIsAnOverrideForTheOneWhoTookItWithEveryStepAndItsActor() {
        ShiftSwap accepted = asked("bob").accepted("bob", "user:bob", ASKED.plusSeconds(60));
        assertThat(accepted.state()).isEqualTo(ShiftSwap.ACCEPTED);
        assertThat(accepted.override()).contains(new OnCallConfig.Override("bob", FROM, UNTIL));
        assertThat(accepted.events())
                .extracting(ShiftSwap.Event::type, ShiftSwap.Event::actor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kizuki.oncall.swap-requested.v1", "user:alice"),
                        org.assertj.core.groups.Tuple.tuple("kizuki.oncall.swap-accepted.v1", "user:bob"));
        assertThat(asked("bob").override()).isEmpty();
    }

    @Test
    void onlyTheOneAskedTakesItAndAnOpenRequestAnyoneButTheOneWhoAsked() {
        assertThatThrownBy(() -> asked("bob").accepted("carol", "user:carol", ASKED))
                .isInstanceOf(ShiftSwap.NotAllowed.class)
                .hasMessage("only bob was asked");
        assertThatThrownBy(() -> asked(null).accepted("alice", "user:alice", ASKED))
                .isInstanceOf(ShiftSwap.NotAllowed.class);
        assertThat(asked(null).accepted("carol", "user:carol", ASKED).acceptedBy())
                .isEqualTo("carol");
    }

    @Test
    void anAnsweredSwapIsNotAnsweredAgainAndACancelledOneIsNoOverride() {
        ShiftSwap declined = asked("bob").declined("bob", "user:bob", ASKED);
        assertThatThrownBy(() -> declined.accepted("bob", "user:bob", ASKED)).isInstanceOf(ShiftSwap.NotAllowed.class);
        assertThatThrownBy(() -> asked(null).declined("bob", "user:bob", ASKED))
                .isInstanceOf(ShiftSwap.NotAllowed.class);
        ShiftSwap cancelled =
                asked("bob").accepted("bob", "user:bob", ASKED).cancelled("bob", "user:bob", ASKED.plusSeconds(5));
        assertThat(cancelled.override()).isEmpty();
        assertThatThrownBy(() -> asked("bob").cancelled("carol", "user:carol", ASKED))
                .isInstanceOf(ShiftSwap.NotAllowed.class);
        assertThatThrownBy(() -> asked("bob").cancelled("alice", "user:alice", UNTIL))
                .isInstanceOf(ShiftSwap.NotAllowed.class)
                .hasMessage("it has ended");
    }
}
