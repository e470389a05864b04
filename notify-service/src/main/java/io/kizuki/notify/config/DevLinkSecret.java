package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The local stack's action-link secret must not be used in production: anybody could make links with it. */
@Singleton
public class DevLinkSecret extends DevelopmentValue {

    public DevLinkSecret(@ConfigProperty(name = "kizuki.notify.links.secret") Optional<String> secret) {
        super(
                secret,
                "dev-only-notify-link-secret",
                "the action-link secret is the local stack's; set KIZUKI_NOTIFY_LINK_SECRET to a random value");
    }
}
