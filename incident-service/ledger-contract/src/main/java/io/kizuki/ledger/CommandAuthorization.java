package io.kizuki.ledger;

import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.FlagRecurrence;
import io.kizuki.ledger.command.LedgerCommand;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.command.RecordPage;

/**
 * How a service proves who sends a command on {@code kizuki.commands.v1}: its own Keycloak service account's access
 * token in the record header {@value #HEADER} ({@code Bearer <token>}). incident-service verifies it (issuer,
 * signature, expiry, audience) and takes the command's actor from it, not from {@code ce_actor}.
 */
public final class CommandAuthorization {

    /** The record header that carries {@code Bearer <access token>}. */
    public static final String HEADER = "kizuki_authorization";
    /** The realm role notify-service's service account has, and the only one its commands need. */
    public static final String NOTIFIER_ROLE = "notifier";
    /** The realm role report-service's service account has, and the only one its commands need. */
    public static final String REPORTER_ROLE = "reporter";

    private CommandAuthorization() {}

    /**
     * The role a command's sender must hold, for the commands only one of Kizuki's services sends (a verified token
     * is needed); {@code null} for every other command.
     */
    public static String requiredRole(LedgerCommand command) {
        if (command instanceof RecordPage || command instanceof RecordDelivery || command instanceof EscalateIncident) {
            return NOTIFIER_ROLE;
        }
        return command instanceof FlagRecurrence ? REPORTER_ROLE : null;
    }
}
