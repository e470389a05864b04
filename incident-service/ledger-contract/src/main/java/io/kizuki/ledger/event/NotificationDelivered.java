package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * A notification about the incident reached its channel (Slack answered {@code ok}, the SMTP server took the mail,
 * the webhook answered 2xx).
 *
 * @param channel   {@code slack}, {@code email} or {@code webhook}
 * @param recipient the Slack channel, the person (e-mail) or the webhook
 * @param purpose   {@code page}, {@code acknowledged} or {@code resolved}
 * @param level     the escalation level a page was for; 0 for announcements
 * @param reference where the message is, to change it in place later (a Slack message the app posted:
 *                  {@code <channel id>/<ts>}); {@code null} when the channel gives none
 */
public record NotificationDelivered(
        String incidentId,
        String product,
        String notificationId,
        String channel,
        String recipient,
        String purpose,
        int level,
        int attempts,
        String recordedBy,
        Instant deliveredAt,
        String reference)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.notification-delivered.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
