package io.kizuki.notify.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** notify-service settings ({@code kizuki.notify.*}). */
@ConfigMapping(prefix = "kizuki.notify")
public interface NotifyConfig {

    Slack slack();

    Delivery delivery();

    /** Where Kizuki's own heartbeat goes while the whole pipeline passes its canaries in time. */
    DeadMansSwitch deadMansSwitch();

    interface DeadMansSwitch {

        /**
         * The heartbeat's receiver ({@code KIZUKI_NOTIFY_DEAD_MANS_SWITCH_URL}): a healthchecks-style ping URL, a
         * dead-man's-snitch, or another Kizuki's {@code /api/v1/heartbeats/<name>}; none sends no heartbeat. An
         * operator's setting, so not limited by {@code kizuki.notify.outbound.allow}.
         */
        Optional<URI> url();

        /** {@code POST}, {@code PUT} or {@code GET}. */
        @WithDefault("POST")
        String method();

        /** The {@code Authorization} header, if the receiver needs one (another Kizuki: {@code Bearer <routing key>}). */
        Optional<String> authorization();

        /**
         * The body sent (as JSON), e.g. another Kizuki's {@code {"intervalSeconds": 300, "service": "kizuki"}}; none
         * sends the canary ({@code canaryId}, {@code sentAt}, {@code passedAt}).
         */
        Optional<String> body();
    }

    ServiceAccount serviceAccount();

    /**
     * The on-call configuration file (people, schedules, escalation policies, routing, channels; sample in
     * {@code deploy/config/notify.yaml}); none pages every new incident to the Slack webhook only.
     */
    Optional<Path> oncallFile();

    /**
     * The variables {@code ${NAME}} in the on-call file may take from the environment (names, comma-separated); any
     * other name in the file takes its default, so the file cannot read the service's other settings or secrets.
     */
    Optional<List<String>> oncallVariables();

    /** Mattermost's slash command. */
    Mattermost mattermost();

    interface Mattermost {

        /**
         * The token Mattermost sends with {@code /kizuki} ({@code KIZUKI_MATTERMOST_COMMAND_TOKEN}, shown when the
         * command is created); without one, the command endpoint answers 404.
         */
        Optional<String> commandToken();
    }

    /** Push to people's phones through an ntfy server. */
    Ntfy ntfy();

    interface Ntfy {

        /** The ntfy server ({@code KIZUKI_NTFY_URL}); without one, nobody is pushed to. */
        Optional<URI> url();

        /** An access token of the ntfy user that may publish to the people's topics ({@code KIZUKI_NTFY_TOKEN}). */
        Optional<String> token();
    }

    /** Texts and calls to people's phones. */
    Telephony telephony();

    interface Telephony {

        /**
         * Who texts and calls ({@code KIZUKI_TELEPHONY_PROVIDER}): {@code twilio}, {@code gateway} (any SMS provider
         * or modem behind an HTTP request of your own shape), or {@code none} (nobody is texted or called).
         */
        @WithDefault("none")
        String provider();

        /** Twilio's REST API, as an account with a phone number uses it. */
        Twilio twilio();

        /** A generic HTTP gateway. */
        Gateway gateway();

        /** How many texts a number may send to Kizuki in a minute; more are answered 429. */
        @WithDefault("10")
        int repliesPerMinute();
    }

    interface Twilio {

        /** Where Twilio's API is ({@code https://api.twilio.com}; the local stack's stand-in locally). */
        @WithDefault("https://api.twilio.com")
        URI apiUrl();

        /** The account SID ({@code AC…}, {@code KIZUKI_TWILIO_ACCOUNT_SID}). */
        Optional<String> accountSid();

        /** The auth token ({@code KIZUKI_TWILIO_AUTH_TOKEN}): Basic auth for the API, and Twilio's signature. */
        Optional<String> authToken();

        /** The Twilio number texts and calls come from (E.164, {@code KIZUKI_TWILIO_FROM}). */
        Optional<String> from();
    }

    interface Gateway {

        /** Where each text or call is sent ({@code KIZUKI_SMS_GATEWAY_URL}). */
        Optional<URI> url();

        /** POST or PUT. */
        @WithDefault("POST")
        String method();

        /** The body's media type: JSON or form values are escaped as such in {@link #body}. */
        @WithDefault("application/json")
        String contentType();

        /**
         * The request body: {@code {{to}}} (the E.164 number), {@code {{text}}} and {@code {{kind}}} ({@code sms} or
         * {@code voice}) replaced, each escaped for the content type.
         */
        @WithDefault("{\"to\":\"{{to}}\",\"text\":\"{{text}}\",\"kind\":\"{{kind}}\"}")
        String body();

        /** Extra request headers, such as the provider's {@code Authorization}. */
        java.util.Map<String, String> headers();

        /** The key replies through the gateway are signed with ({@code KIZUKI_SMS_GATEWAY_SECRET}). */
        Optional<String> secret();
    }

    /** Signed one-time action links in e-mails ({@link io.kizuki.notify.chat.ActionLinks}). */
    Links links();

    interface Links {

        /** The key links are signed with ({@code KIZUKI_NOTIFY_LINK_SECRET}); without one, e-mails carry none. */
        Optional<String> secret();

        /** How long a link can be used after it was sent. */
        @WithDefault("1h")
        Duration lifetime();
    }

    /**
     * Where people reach notify-service ({@code KIZUKI_NOTIFY_PUBLIC_URL}): the base of action links; without it,
     * e-mails carry none.
     */
    Optional<URI> publicUrl();

    /** Where responders open an incident (the web console); used in links. */
    @WithDefault("http://localhost:8083")
    URI consoleUrl();

    interface Slack {

        /** Without an on-call file: the Slack incoming-webhook URL new incidents are posted to; none disables it. */
        Optional<URI> webhookUrl();

        /**
         * The Slack app's signing secret ({@code KIZUKI_SLACK_SIGNING_SECRET}), which signs its interactions and slash
         * commands; without one, the chat endpoints answer 404 and pages carry no action buttons' answers.
         */
        Optional<String> signingSecret();

        /**
         * The Slack app's bot token ({@code KIZUKI_SLACK_BOT_TOKEN}, {@code xoxb-…}, scopes {@code chat:write}):
         * with it, a channel of the on-call file given as a Slack channel id is paged through the Web API, and its
         * pages are changed in place as the incident changes.
         */
        Optional<String> botToken();

        /**
         * The reaction that puts a message of an incident's own channel on its timeline ({@code pushpin}: 📌), by
         * Slack's name for it.
         */
        @WithDefault("pushpin")
        String timelineReaction();

        /** Slack's Web API. */
        @WithDefault("https://slack.com/api/")
        URI apiUrl();
    }

    /** Where notifications may be sent ({@link io.kizuki.notify.channel.OutboundAddresses}). */
    Outbound outbound();

    interface Outbound {

        /**
         * Internal hosts notifications may still go to: host names, IP addresses or CIDR networks. Without it, a
         * loopback, link-local or private address is refused.
         */
        Optional<List<String>> allow();
    }

    /** notify-service's own Keycloak client, whose token goes with its commands. */
    interface ServiceAccount {

        @WithDefault("kizuki-notify-service")
        String clientId();

        /** Its secret (KIZUKI_NOTIFY_CLIENT_SECRET); without one, its commands are refused. */
        Optional<String> clientSecret();
    }

    /** How hard a notification is tried before it is recorded as failed. */
    interface Delivery {

        /** One attempt's limit (an HTTP request, an SMTP transaction). */
        @WithDefault("5s")
        Duration timeout();

        /** Attempts in all, the first one included. */
        @WithDefault("6")
        int maxAttempts();

        /** The wait before the second attempt; each next one doubles it, with jitter, up to {@link #maxBackoff}. */
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /** The longest {@code Retry-After} honoured; a longer one is cut to this. */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /**
         * Rounds of attempts in all, the first included, for a notification whose attempts keep failing on what may
         * pass (a channel down for minutes): after a failed round the failure is recorded, and the notification is
         * sent again in a next round while it is still due (a page: while nobody acknowledged).
         */
        @WithDefault("12")
        int rounds();

        /** The wait after the first failed round; it doubles after each next one, up to {@link #maxRoundWait}. */
        @WithDefault("30s")
        Duration roundWait();

        @WithDefault("5m")
        Duration maxRoundWait();
    }
}
