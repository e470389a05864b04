package io.kizuki.ledger.command;

import java.time.Instant;
import java.util.List;

/**
 * notify-service: how a notification ended, delivered or finally failed after its last attempt.
 *
 * @param notificationId unique per notification (one message to one recipient); the command id too
 * @param channel        {@code slack}, {@code email} or {@code webhook}
 * @param recipient      the Slack channel, the person (e-mail) or the webhook it went to
 * @param purpose        {@code page} (a level was paged), {@code acknowledged} or {@code resolved} (announcements)
 * @param level          the escalation level a page was for; 0 for announcements
 * @param delivered      {@code true}: the channel accepted it; {@code false}: every attempt failed
 * @param attempts       how many attempts were made
 * @param reason         why the last attempt failed; {@code null} when delivered
 * @param retrying       not delivered, but on what may pass (timeouts, refused connections, 5xx, 429): notify-service
 *                       sends it again in a later round, as a notification of its own (this one's id with
 *                       {@code ~<round>})
 * @param pages          the people a page's first round paged on this channel, recorded with its outcome (one command
 *                       for a page and its delivery); empty for later rounds and announcements, and in commands
 *                       written before it existed
 * @param reference      where the delivered message is, when the channel says and it can be changed later (a Slack
 *                       message the app posted: {@code <channel id>/<ts>}); {@code null} otherwise
 */
public record RecordDelivery(
        String incidentId,
        String notificationId,
        String channel,
        String recipient,
        String purpose,
        int level,
        boolean delivered,
        int attempts,
        String reason,
        boolean retrying,
        Instant at,
        List<Page> pages,
        String reference)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.record-delivery.v1";
    public static final String PAGE = "page";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";

    public RecordDelivery {
        pages = pages == null ? List.of() : List.copyOf(pages);
    }

    /**
     * A person paged by the notification.
     *
     * @param pageId   unique per page and person; the same page recorded twice is one event
     * @param timeZone the person's IANA time zone when paged, e.g. {@code Europe/Berlin}
     * @param pagedAt  when the page went out (its first attempt)
     */
    public record Page(String pageId, String person, String timeZone, Instant pagedAt) {}

    @Override
    public String type() {
        return TYPE;
    }
}
