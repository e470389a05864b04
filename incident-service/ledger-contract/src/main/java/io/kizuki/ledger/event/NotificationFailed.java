package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * A notification about the incident could not be delivered: every attempt failed, or the channel refused it for
 * good (a 4xx other than 429).
 *
 * @param reason   what the last attempt got
 * @param retrying the failure may pass (timeouts, 5xx, 429): notify-service sends the notification again in a later
 *                 round ({@code notificationId~<round>}); {@code false} (and absent, in records before it existed):
 *                 the notification ended here
 */
public record NotificationFailed(
        String incidentId,
        String product,
        String notificationId,
        String channel,
        String recipient,
        String purpose,
        int level,
        int attempts,
        String reason,
        boolean retrying,
        String recordedBy,
        Instant failedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.notification-failed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
