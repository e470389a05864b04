package io.kizuki.notify.chat;

import io.kizuki.ledger.IncidentStatus;

/**
 * What Kizuki answers a person who acted from chat.
 *
 * @param kind       how it ended
 * @param text       a sentence for the person (plain text: escape it for the chat it goes to)
 * @param incidentId the incident acted on, if any
 * @param status     the incident's status after the decision, if known
 */
public record ChatReply(Kind kind, String text, String incidentId, IncidentStatus status) {

    public enum Kind {
        /** Done: the ledger has it. */
        DONE,
        /** Accepted, and nothing needed to change (the person leads already). */
        UNCHANGED,
        /** The decider refused it (already acknowledged, no such incident): the text says why. */
        REFUSED,
        /** The person may not do it from chat (not linked, no role): nothing was sent. */
        NOT_ALLOWED,
        /** It could not be done now (Keycloak or Kafka away): nothing was decided, the person may try again. */
        UNAVAILABLE,
        /** Sent, and not decided yet within the wait: the result follows. */
        PENDING,
        /** An answer that needs no decision (help, who is on call). */
        INFORMATION
    }

    public static ChatReply of(Kind kind, String text) {
        return new ChatReply(kind, text, null, null);
    }
}
