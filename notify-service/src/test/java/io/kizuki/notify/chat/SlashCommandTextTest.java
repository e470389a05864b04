package io.kizuki.notify.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.notify.chat.SlashCommandText.NotUnderstood;
import io.kizuki.notify.chat.SlashCommandText.Understood;

class SlashCommandTextTest {

    @Test
    void readsEveryCommand() {
        assertThat(SlashCommandText.parse("ack inc-1")).isEqualTo(new Understood(new ChatRequest.Acknowledge("inc-1")));
        assertThat(SlashCommandText.parse("  resolve   inc-1 "))
                .isEqualTo(new Understood(new ChatRequest.Resolve("inc-1")));
        assertThat(SlashCommandText.parse("lead inc-1")).isEqualTo(new Understood(new ChatRequest.Lead("inc-1")));
        assertThat(SlashCommandText.parse("note inc-1 rolled back to 2026.11.21-3\nand it recovered"))
                .isEqualTo(
                        new Understood(new ChatRequest.Note("inc-1", "rolled back to 2026.11.21-3\nand it recovered")));
        assertThat(SlashCommandText.parse("declare SEV2 shop/checkout Checkout pays twice"))
                .isEqualTo(new Understood(
                        new ChatRequest.Declare(Severity.SEV2, "shop", "checkout", "Checkout pays twice")));
        assertThat(SlashCommandText.parse("declare sev1 checkout 決済が二重に"))
                .isEqualTo(new Understood(new ChatRequest.Declare(Severity.SEV1, null, "checkout", "決済が二重に")));
        assertThat(SlashCommandText.parse("oncall")).isEqualTo(new Understood(new ChatRequest.OnCall(null)));
        assertThat(SlashCommandText.parse("oncall sre")).isEqualTo(new Understood(new ChatRequest.OnCall("sre")));
        assertThat(SlashCommandText.parse("")).isEqualTo(new Understood(new ChatRequest.Help()));
        assertThat(SlashCommandText.parse("HELP")).isEqualTo(new Understood(new ChatRequest.Help()));
    }

    @Test
    void saysWhyItCannotReadACommand() {
        assertThat(SlashCommandText.parse("ack")).isEqualTo(new NotUnderstood("`ack` takes one incident id"));
        assertThat(SlashCommandText.parse("ack inc-1 inc-2"))
                .isEqualTo(new NotUnderstood("`ack` takes one incident id"));
        assertThat(SlashCommandText.parse("note inc-1"))
                .isEqualTo(new NotUnderstood("`note` takes an incident id and the note's text"));
        assertThat(SlashCommandText.parse("declare SEV9 shop Title"))
                .isEqualTo(new NotUnderstood("the severity is one of sev1, sev2, sev3, sev4"));
        assertThat(SlashCommandText.parse("declare SEV2 <!channel> Title"))
                .isEqualTo(new NotUnderstood("the service is a name, or <product>/<name>"));
        assertThat(SlashCommandText.parse("note inc-1 bell\u0007"))
                .isEqualTo(new NotUnderstood("the command holds control characters"));
        assertThat(SlashCommandText.parse("note inc-1 " + "x".repeat(4001)))
                .isEqualTo(new NotUnderstood("a note is at most 4000 characters"));
        assertThat(SlashCommandText.parse("frobnicate inc-1"))
                .isEqualTo(new NotUnderstood("unknown command `frobnicate`"));
    }
}
