package io.kizuki.incident.streams;

import org.apache.kafka.common.header.Headers;

import io.kizuki.ledger.command.IncidentCommand;

/** Checks who may send a command that arrives on the commands topic, from the credentials in its record headers. */
@FunctionalInterface
public interface CommandCredentials {

    /** Lets every command through as its envelope says: for commands only Kizuki's own APIs and deciders send. */
    CommandCredentials TRUSTED = (command, headers) -> Authority.ENVELOPE;

    Authority check(IncidentCommand command, Headers headers);

    /**
     * The outcome of the check.
     *
     * @param actor   who the command is from, if the credentials say so (else the envelope's {@code ce_actor})
     * @param refusal why it is refused; {@code null} when allowed
     */
    record Authority(String actor, String refusal) {

        public static final Authority ENVELOPE = new Authority(null, null);

        public static Authority refused(String why) {
            return new Authority(null, why);
        }
    }
}
