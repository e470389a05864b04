package io.kizuki.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.CommandResult.RecordedEvent;
import io.kizuki.notify.chat.ChatReply;
import io.kizuki.notify.chat.ChatRequest;

/** How the decider's answer to a relayed command is told to the person. */
class ChatRelayTest {

    @Test
    void saysWhatWasDoneWhatWasAlreadySoAndWhyARefusal() {
        var acknowledge = new ChatRequest.Acknowledge("inc-1");

        assertThat(ChatRelay.reply(result(Outcome.ACCEPTED, null, 1), acknowledge))
                .isEqualTo(
                        new ChatReply(ChatReply.Kind.DONE, "inc-1 acknowledged", "inc-1", IncidentStatus.ACKNOWLEDGED));
        assertThat(ChatRelay.reply(result(Outcome.ACCEPTED, null, 0), new ChatRequest.Lead("inc-1"))
                        .kind())
                .isEqualTo(ChatReply.Kind.UNCHANGED);
        assertThat(ChatRelay.reply(result(Outcome.CONFLICT, "incident is already acknowledged", 0), acknowledge))
                .isEqualTo(new ChatReply(
                        ChatReply.Kind.REFUSED,
                        "Not done: incident is already acknowledged (it is acknowledged)",
                        "inc-1",
                        IncidentStatus.ACKNOWLEDGED));
        assertThat(ChatRelay.reply(result(Outcome.UNAUTHENTICATED, "token expired", 0), acknowledge)
                        .kind())
                .isEqualTo(ChatReply.Kind.UNAVAILABLE);
    }

    private static CommandResult result(Outcome outcome, String detail, int events) {
        List<RecordedEvent> recorded =
                events == 0 ? List.of() : List.of(new RecordedEvent("e-1", "kizuki.incident.acknowledged.v1", 2, null));
        return new CommandResult("cmd-1", "inc-1", outcome, detail, IncidentStatus.ACKNOWLEDGED, 2, recorded);
    }
}
