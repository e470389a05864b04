package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The local stack's Slack signing secret must not be used in production: anybody could sign as Slack with it. */
@Singleton
public class DevSlackSigningSecret extends DevelopmentValue {

    public static final String DEV_SECRET = "dev-only-slack-signing-secret";

    public DevSlackSigningSecret(@ConfigProperty(name = "kizuki.notify.slack.signing-secret") Optional<String> secret) {
        super(
                secret,
                DEV_SECRET,
                "the Slack signing secret is the local stack's; set KIZUKI_SLACK_SIGNING_SECRET to the Slack app's");
    }
}
