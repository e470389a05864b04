package io.kizuki.incident.streams;

import org.apache.kafka.common.header.Headers;

import io.kizuki.ledger.command.LedgerCommand;

/** Checks who may send a command that arrives on the commands topic, from the credentials in its record headers. */
@FunctionalInterface
public interface CommandCredentials {

    /** Lets every command through as its envelope says: for commands only Kizuki's own APIs and deciders send. */
    CommandCredentials TRUSTED = (command, headers) -> Authority.ENVELOPE;

    Authority check(LedgerCommand command, Headers headers);

    /**
     * The outcome of the check.
     *
     * @param actor           who the command is from, if the credentials say so (else the envelope's
     *                        {@code ce_actor})
     * @param refusal         why it is refused; {@code null} when allowed
     * @param unauthenticated the refusal is of the credentials themselves (missing, expired, not verifiable): not a
     *                        decision, so it is not remembered and the command may come again with valid ones
     * @param via             how a person's relayed command came in ({@code slack}); {@code null} when not relayed
     */
    record Authority(String actor, String refusal, boolean unauthenticated, String via) {

        public static final Authority ENVELOPE = new Authority(null, null, false, null);

        public Authority(String actor, String refusal) {
            this(actor, refusal, false, null);
        }

        /** A person's command relayed by a service allowed to relay it: the person is the actor. */
        public static Authority relayed(String actor, String via) {
            return new Authority(actor, null, false, via);
        }

        /** Valid credentials that do not allow the command: a decision. */
        public static Authority refused(String why) {
            return new Authority(null, why, false, null);
        }

        /** No valid credentials: not a decision. */
        public static Authority unauthenticated(String why) {
            return new Authority(null, why, true, null);
        }
    }
}
