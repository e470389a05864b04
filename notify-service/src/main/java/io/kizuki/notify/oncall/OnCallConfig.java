package io.kizuki.notify.oncall;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.kizuki.ledger.Severity;

/**
 * Who is paged, when and how: the configuration-as-code file of notify-service ({@code deploy/config/notify.yaml}),
 * as read by {@link ConfigLoader}. Maps are keyed by id (a person's, a schedule's, a policy's, a channel's).
 */
public record OnCallConfig(
        Map<String, Person> people,
        Map<String, Group> groups,
        Map<String, Schedule> schedules,
        @JsonProperty("escalationPolicies") Map<String, Policy> policies,
        Routing routing,
        Channels channels) {

    public OnCallConfig {
        people = people == null ? Map.of() : people;
        groups = groups == null ? Map.of() : groups;
        schedules = schedules == null ? Map.of() : schedules;
        policies = policies == null ? Map.of() : policies;
        channels = channels == null ? new Channels(null, null, null, null, null, null) : channels;
    }

    /**
     * Someone who can be paged, and how they are reached; at least one of slack, email, webhook. {@code slack} is
     * their Slack member id; {@code user} the Keycloak user they act as from chat (a button, a slash command), with
     * that user's own roles and products: without it, they can read pages but not act on them from chat.
     * {@code mattermost} is their Mattermost user name (mentioned in pages; a click from that user acts as them).
     * {@code teams} names a Microsoft Teams workflow of {@code channels.teams} that posts in a chat with them alone:
     * their pages there carry their own signed links to acknowledge and resolve. {@code push} is their ntfy topic:
     * pushed to their phone, with buttons that acknowledge or resolve as them. {@code sms} and {@code voice} are phone
     * numbers (E.164, {@code +} and up to 15 digits) texted and called through the deployment's telephony provider.
     * {@code rules} says in which order and after how long each way is used; without them, every way at once (a call
     * only for high urgency). {@code language} ({@code en} or {@code ja}) is the one their texts and calls speak;
     * without it, a call follows the language of the incident's title and a text is in English.
     */
    public record Person(
            String name,
            ZoneId timeZone,
            String slack,
            String email,
            String webhook,
            String user,
            String mattermost,
            String teams,
            String push,
            String sms,
            String voice,
            Rules rules,
            String language) {

        /** The ways a person is reached on their own, which their rules may name, in the order used without rules. */
        public static final List<String> METHODS = List.of("email", "push", "sms", "voice", "teams", "webhook");

        /** The languages a person's texts and calls may speak. */
        public static final List<String> LANGUAGES = List.of("en", "ja");

        /** Where the person is reached the given way ({@link #METHODS}), or {@code null}. */
        public String address(String method) {
            return switch (method) {
                case "email" -> email;
                case "push" -> push;
                case "sms" -> sms;
                case "voice" -> voice;
                case "teams" -> teams;
                case "webhook" -> webhook;
                default -> null;
            };
        }
    }

    /**
     * A person's notification rules (PagerDuty's model): for a high-urgency page (SEV1, SEV2, or no severity) the
     * {@code high} steps, for a low-urgency one (SEV3, SEV4) the {@code low} steps; each step uses one way
     * ({@link Step#method}) once {@link Step#after} has passed since the person's level was paged. While nobody
     * acknowledges and the level lasts, the high steps start again every {@code repeatAfter} (if given; ten times at
     * most). A step whose way
     * fails for good brings the next step forward to that moment. Low-urgency steps due in {@code quietHours} (in the
     * person's time zone) wait until they end; a low-urgency call never rings in them (nor, without quiet hours, between
     * 22:00 and 07:00) unless {@code callsAtNight}. {@code handOffs}: the ways the person is told when
     * a shift of theirs starts and ends (none if absent).
     */
    public record Rules(
            List<Step> high,
            List<Step> low,
            Duration repeatAfter,
            QuietHours quietHours,
            boolean callsAtNight,
            List<String> handOffs) {}

    /** One step of a person's rules: {@code method} is email, push, sms, voice, teams or webhook. */
    public record Step(String method, Duration after) {

        public Step {
            after = after == null ? Duration.ZERO : after;
        }
    }

    /** From {@code from} until {@code until} each day, in the person's time zone (may span midnight). */
    public record QuietHours(java.time.LocalTime from, java.time.LocalTime until) {}

    /** Rotation layers (a later layer wins where it has someone on call) and overrides (which win over layers). */
    public record Schedule(String name, ZoneId timeZone, List<Layer> layers, List<Override> overrides) {}

    /**
     * Members take turns of {@code length} (an ISO-8601 period such as {@code P7D}, kept in local time across DST
     * changes, or a duration such as {@code PT12H}), the first one's first turn beginning at {@code start} in the
     * layer's time zone (the schedule's if none). With {@code restrictions}, the member whose turn it is is on call
     * only within one of them (the turns go on outside them: a layer below shows through); {@code from} and
     * {@code until} bound when the layer has anyone on call at all ({@code until} exclusive).
     */
    public record Layer(
            String name,
            List<String> members,
            String length,
            LocalDateTime start,
            ZoneId timeZone,
            List<Restriction> restrictions,
            Instant from,
            Instant until) {

        public Layer {
            restrictions = restrictions == null ? List.of() : List.copyOf(restrictions);
        }

        /** A layer without restrictions or bounds. */
        public Layer(String name, List<String> members, String length, LocalDateTime start, ZoneId timeZone) {
            this(name, members, length, start, timeZone, List.of(), null, null);
        }
    }

    /**
     * A window a layer is on call in, in the layer's time zone: from {@code from} each day (or, with {@code day}, on
     * that day of the week), lasting {@code duration} of local time (so 09:00 for {@code PT9H} ends at 18:00 whatever
     * DST does). PagerDuty's daily and weekly restrictions and Opsgenie's time restrictions are such windows.
     */
    public record Restriction(DayOfWeek day, LocalTime from, Duration duration) {}

    /** Someone on call instead of the layers from {@code from} (inclusive) until {@code until} (exclusive). */
    public record Override(String person, Instant from, Instant until) {}

    /**
     * Levels paged one after the other while the incident stays unacknowledged; after the last, the whole round
     * again {@code repeat} more times.
     */
    public record Policy(String name, List<Level> levels, int repeat) {}

    /** Who a level pages, and how long it has to acknowledge before the next level is paged. */
    public record Level(Duration timeout, List<Target> targets) {}

    /** People paged together by a level that names the group (a team, an on-call pair, the incident managers). */
    public record Group(String name, List<String> members) {}

    /**
     * One of: a schedule, a person, a group of people, or a chat channel. Of a schedule, {@code who} is paged:
     * {@value #ON_CALL} (whoever is on call; the default), {@value #NEXT} (whoever is on call after them, the next
     * shift's person) or {@value #ALL} (every member of its layers).
     */
    public record Target(String schedule, String person, String channel, String group, String who) {

        public static final String ON_CALL = "on-call";
        public static final String NEXT = "next";
        public static final String ALL = "all";
        /** The values {@code who} takes. */
        public static final List<String> WHO = List.of(ON_CALL, NEXT, ALL);

        /** Whoever is on call in a schedule, a person, or a channel. */
        public Target(String schedule, String person, String channel) {
            this(schedule, person, channel, null, null);
        }
    }

    /**
     * Which policy pages an incident: the first rule that matches, else {@code defaultPolicy}; {@code sre} is the
     * schedule also paged from the first minute of a SEV1 or SEV2.
     */
    public record Routing(@JsonProperty("default") String defaultPolicy, List<Rule> rules, String sre) {}

    /** A rule: every given field must match (a list matches any of its values); an absent field matches anything. */
    public record Rule(
            List<String> product,
            List<String> service,
            List<Severity> severity,
            @JsonProperty("class") List<String> incidentClass,
            String policy) {}

    /**
     * Where messages go: Slack and Mattermost incoming webhooks (or a Slack channel's id, posted to with the app's bot
     * token) and Microsoft Teams workflow webhooks per team channel
     * (one id names one channel of any of them), SMTP, and signed webhooks. A Teams workflow may post in a chat with
     * one person instead, when that person names it ({@link Person#teams}).
     */
    public record Channels(
            Map<String, URI> slack,
            Smtp smtp,
            Map<String, SignedWebhook> webhooks,
            Map<String, URI> mattermost,
            Map<String, URI> teams,
            IncidentChannels incidentChannels) {

        /** A Slack channel id. */
        private static final Pattern SLACK_CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{8,20}");

        public Channels {
            slack = slack == null ? Map.of() : slack;
            webhooks = webhooks == null ? Map.of() : webhooks;
            mattermost = mattermost == null ? Map.of() : mattermost;
            teams = teams == null ? Map.of() : teams;
        }

        /**
         * A Slack channel given by its id ({@code C…}, {@code G…}) instead of an incoming-webhook URL: posted to with
         * the app's bot token, its pages changed in place.
         */
        public static Optional<String> slackChannelId(URI target) {
            String text = target.toString();
            return target.getScheme() == null && SLACK_CHANNEL_ID.matcher(text).matches()
                    ? Optional.of(text)
                    : Optional.empty();
        }

        /** Whether the incident's severity asks for a Slack channel of its own (when there is a bot token). */
        public boolean incidentChannel(Severity severity) {
            return incidentChannels != null && incidentChannels.severities().contains(severity);
        }

        /** Whether a channel target names a chat channel (Slack, Mattermost or Teams). */
        public boolean chat(String id) {
            return slack.containsKey(id) || mattermost.containsKey(id) || teams.containsKey(id);
        }
    }

    /**
     * A Slack channel of its own for each incident of these severities (SEV1 and SEV2 when not given), created with the
     * app's bot token: the people paged and the commander invited, a pinned summary, every timeline entry posted.
     */
    public record IncidentChannels(List<Severity> severities) {

        public IncidentChannels {
            severities = severities == null ? List.of(Severity.SEV1, Severity.SEV2) : List.copyOf(severities);
        }
    }

    /** The SMTP server e-mail pages are sent through. */
    public record Smtp(String host, int port, String from, String username, String password, boolean startTls) {}

    /** A generic webhook: each request carries an HMAC-SHA256 signature of its body made with {@code secret}. */
    public record SignedWebhook(URI url, String secret) {}
}
