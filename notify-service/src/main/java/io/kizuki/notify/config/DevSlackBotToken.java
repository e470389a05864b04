package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The local stack's Slack bot token means nothing to Slack: in production every page by the Web API would fail. */
@Singleton
public class DevSlackBotToken extends DevelopmentValue {

    public DevSlackBotToken(@ConfigProperty(name = "kizuki.notify.slack.bot-token") Optional<String> token) {
        super(
                token,
                "xoxb-dev-only-local-bot-token",
                "the Slack bot token is the local stack's; set KIZUKI_SLACK_BOT_TOKEN to the Slack app's");
    }
}
