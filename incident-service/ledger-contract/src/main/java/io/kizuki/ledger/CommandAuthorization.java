package io.kizuki.ledger;

import java.util.regex.Pattern;

import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AddTimelineEntry;
import io.kizuki.ledger.command.AssignRole;
import io.kizuki.ledger.command.DeclareIncident;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.FlagRecurrence;
import io.kizuki.ledger.command.LedgerCommand;
import io.kizuki.ledger.command.RecordCanary;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.command.RecordPage;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.CanaryPassed;

/**
 * How a service proves who sends a command on {@code kizuki.commands.v1}: its own Keycloak service account's access
 * token in the record header {@value #HEADER} ({@code Bearer <token>}). incident-service verifies it (issuer,
 * signature, expiry, audience) and takes the command's actor from it, not from {@code ce_actor}.
 * <p>
 * A person's command relayed from chat (a Slack button, a slash command) carries the relaying service's token, which
 * must hold {@value #CHAT_RELAY_ROLE}, and names the person's Keycloak user in {@value #ON_BEHALF_OF} and the way it
 * came in {@value #VIA}: the actor recorded is that user, "via" that way. Only {@link #relayable} commands can be
 * relayed, and the relaying service checked the person's own roles and products first (docs/architecture.md,
 * Security).
 */
public final class CommandAuthorization {

    /** The record header that carries {@code Bearer <access token>}. */
    public static final String HEADER = "kizuki_authorization";
    /** The realm role notify-service's service account has, and the only one its commands need. */
    public static final String NOTIFIER_ROLE = "notifier";
    /** The realm role report-service's service account has, and the only one its commands need. */
    public static final String REPORTER_ROLE = "reporter";

    /** The realm role a service needs to relay a person's command (notify-service's, for chat). */
    public static final String CHAT_RELAY_ROLE = "chat-relay";
    /** The record header naming the Keycloak user a relayed command is from. */
    public static final String ON_BEHALF_OF = "kizuki_on_behalf_of";
    /** The record header naming how a relayed command came in: {@code slack}, {@code mattermost}, {@code email}, {@code teams}. */
    public static final String VIA = "kizuki_via";
    /** A Keycloak user name as a relayed command may name it. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    /** A way in, as {@value #VIA} may name it. */
    public static final Pattern WAY_IN = Pattern.compile("[a-z]{1,20}");

    private CommandAuthorization() {}

    /** The commands a person may send from chat: what a responder does from where the page reaches them. */
    public static boolean relayable(LedgerCommand command) {
        return command instanceof AcknowledgeIncident
                || command instanceof ResolveIncident
                || command instanceof AssignRole
                || command instanceof AddTimelineEntry
                || command instanceof DeclareIncident
                || command instanceof EscalateIncident;
    }

    /**
     * The role a command's sender must hold, for the commands only one of Kizuki's services sends (a verified token
     * is needed); {@code null} for every other command.
     */
    public static String requiredRole(LedgerCommand command) {
        if (command instanceof RecordPage || command instanceof RecordDelivery || command instanceof EscalateIncident) {
            return NOTIFIER_ROLE;
        }
        if (command instanceof FlagRecurrence
                || command instanceof RecordCanary canary && CanaryPassed.PROJECTED.equals(canary.stage())) {
            return REPORTER_ROLE;
        }
        return null;
    }
}
