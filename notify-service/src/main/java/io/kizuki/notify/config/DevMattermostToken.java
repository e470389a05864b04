package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The local stack's Mattermost command token must not be used in production: anybody could send it. */
@Singleton
public class DevMattermostToken extends DevelopmentValue {

    public DevMattermostToken(@ConfigProperty(name = "kizuki.notify.mattermost.command-token") Optional<String> token) {
        super(
                token,
                "devonlymattermostcommandtoken0",
                "the Mattermost command token is the local stack's; set KIZUKI_MATTERMOST_COMMAND_TOKEN to the "
                        + "command's");
    }
}
