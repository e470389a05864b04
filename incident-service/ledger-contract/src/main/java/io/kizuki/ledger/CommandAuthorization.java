package io.kizuki.ledger;

import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.IncidentCommand;
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

    private CommandAuthorization() {
    }

    /** Commands only notify-service sends: they need a verified token with {@link #NOTIFIER_ROLE}. */
    public static boolean notifierOnly(IncidentCommand command) {
        return command instanceof RecordPage || command instanceof RecordDelivery
                || command instanceof EscalateIncident;
    }
}
