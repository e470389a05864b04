package io.kizuki.notify.paging;

import java.util.List;

import io.kizuki.notify.oncall.OnCallConfig.Person;

/**
 * One message to one recipient about one incident: a page of an escalation level, or the announcement that the
 * incident was acknowledged or resolved. Its id is derived from what it is, so the same notification planned again
 * (after a restart, by another instance) has the same id, and the ledger says whether it already ended.
 *
 * @param channel   {@link #SLACK}, {@link #EMAIL} or {@link #WEBHOOK}
 * @param recipient the Slack channel id, the person id (e-mail) or the person id (webhook: {@link #webhook})
 * @param purpose   {@link #PAGE}, {@link #ACKNOWLEDGED} or {@link #RESOLVED}
 * @param level     the level a page is for; 0 for announcements
 * @param people    who it pages (a page) or tells (an announcement), by id, with their details
 * @param webhook   the webhook channel id, for {@link #WEBHOOK}; the Teams workflow of a person's chat, for
 *                  {@link #TEAMS} to a person; the incident's own Slack channel id, for what goes there
 *                  ({@link #INVITE}, {@link #TIMELINE}, announcements)
 * @param by        who acknowledged or resolved, for announcements; the line to post, for {@link #TIMELINE}
 * @param updates   for an announcement to a Slack channel, the messages of its pages the app posted there
 *                  ({@code <channel id>/<ts>}), which it changes in place to show the incident as it is now
 */
public record Notification(
        String id,
        String incidentId,
        String channel,
        String recipient,
        String purpose,
        int level,
        List<Recipient> people,
        String webhook,
        String by,
        Snapshot incident,
        List<String> updates) {

    public Notification {
        updates = updates == null ? List.of() : List.copyOf(updates);
    }

    public static final String SLACK = "slack";
    public static final String MATTERMOST = "mattermost";
    /** A push to a person's phone through ntfy ({@code recipient}: the person). */
    public static final String PUSH = "push";
    /** A Teams workflow: a channel's ({@code recipient}), or a person's chat ({@code webhook} names the workflow). */
    public static final String TEAMS = "teams";

    public static final String EMAIL = "email";
    /** A text message to a person's phone ({@code recipient}: the person), through the telephony provider. */
    public static final String SMS = "sms";
    /** A phone call to a person ({@code recipient}: the person) that reads the page out and takes a key. */
    public static final String VOICE = "voice";

    public static final String WEBHOOK = "webhook";
    public static final String PAGE = "page";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";
    /** A test a person asked for, to see that a way of reaching them works (no incident). */
    public static final String TEST = "test";
    /** A person told that their on-call shift starts or ends (no incident). */
    public static final String HAND_OFF = "hand-off";
    /** The incident's own Slack channel created, its summary posted and pinned. */
    public static final String INCIDENT_CHANNEL = "incident-channel";
    /** A person invited to the incident's channel. */
    public static final String INVITE = "channel-invite";
    /** A timeline entry posted in the incident's channel. */
    public static final String TIMELINE = "timeline-entry";

    /** A person a notification is about. */
    public record Recipient(String id, Person person) {}

    /**
     * The people a page's first round pages, each one a page on the ledger ({@code ResponderPaged}): on Slack and
     * Mattermost those it can mention (who have a member id there), elsewhere everyone it is sent to; none for later
     * rounds and announcements.
     */
    public List<Recipient> paged() {
        if (!PAGE.equals(purpose) || round(id) != 1) {
            return List.of();
        }
        return people.stream()
                .filter(recipient -> switch (channel) {
                    case SLACK -> recipient.person().slack() != null;
                    case MATTERMOST -> recipient.person().mattermost() != null;
                    default -> true;
                })
                .toList();
    }

    /**
     * The incident as the message shows it; {@code levels} is how many levels its policy has, repeats included (a page
     * below the last offers to escalate now).
     */
    public record Snapshot(
            String id,
            String title,
            String product,
            String service,
            String severity,
            java.time.Instant openedAt,
            int level,
            String policy,
            int levels) {

        /** Whether a page of {@code level} can page a next level now. */
        public boolean escalatesFrom(int level) {
            return level >= 1 && level < levels;
        }
    }

    /** What ends the id of a person's step repeated by their rules, before the number of the repetition. */
    static final String REPEAT = ":repeat-";

    /** What ends the id of a notification sent again, before the number of its round. */
    static final String ROUND = "~round-";

    /**
     * The same notification sent again, in round {@code round} (2 and up) after the rounds before failed on what
     * may pass: a notification of its own, whose id is the first round's with {@code ~round-<round>}.
     */
    public Notification inRound(int round) {
        return new Notification(
                first(id) + ROUND + round,
                incidentId,
                channel,
                recipient,
                purpose,
                level,
                people,
                webhook,
                by,
                incident,
                updates);
    }

    /** The id of the first round of the notification with this id. */
    public static String first(String id) {
        return round(id) == 1 ? id : id.substring(0, id.lastIndexOf(ROUND));
    }

    /** The round the notification with this id is: the number after a final {@code ~round-}, else 1. */
    public static int round(String id) {
        int at = id.lastIndexOf(ROUND);
        String digits = at < 0 ? "" : id.substring(at + ROUND.length());
        return digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)
                ? 1
                : Integer.parseInt(digits);
    }

    static String id(Tracked incident, String purpose, int level, String channel, String recipient) {
        return "ntf:" + incident.id + ":" + incident.round + ":" + purpose + (level > 0 ? ":" + level : "") + ":"
                + channel + ":" + recipient;
    }
}
