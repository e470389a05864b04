package io.kizuki.notify.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** notify-service settings ({@code kizuki.notify.*}). */
@ConfigMapping(prefix = "kizuki.notify")
public interface NotifyConfig {

    Slack slack();

    /**
     * The on-call configuration file (people, schedules, escalation policies, routing, channels; sample in
     * {@code deploy/config/notify.yaml}); none pages as before, to the Slack webhook only.
     */
    Optional<Path> oncallFile();

    /** Where responders open an incident (the web console); used in links. */
    @WithDefault("http://localhost:8083")
    URI consoleUrl();

    interface Slack {

        /** The Slack incoming-webhook URL new incidents are posted to; none disables Slack. */
        Optional<URI> webhookUrl();

        @WithDefault("5s")
        Duration timeout();

        /** How many times a failed post is retried before it is given up (and logged). */
        @WithDefault("5")
        int retries();
    }
}
