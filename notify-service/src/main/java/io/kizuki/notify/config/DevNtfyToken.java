package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The local stack's ntfy access token must not be used in production: it is in this repository. */
@Singleton
public class DevNtfyToken extends DevelopmentValue {

    public static final String DEV_TOKEN = "tk_devonlylocalntfytoken00000000";

    public DevNtfyToken(@ConfigProperty(name = "kizuki.notify.ntfy.token") Optional<String> token) {
        super(token, DEV_TOKEN, "the ntfy token is the local stack's; set KIZUKI_NTFY_TOKEN to your ntfy server's");
    }
}
