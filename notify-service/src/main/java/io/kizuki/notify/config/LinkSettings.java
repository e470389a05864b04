package io.kizuki.notify.config;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.chat.ActionLinks;

/** The action links of this deployment: present when both a link secret and the public URL are configured. */
@ApplicationScoped
public class LinkSettings {

    private final Optional<ActionLinks> links;

    public LinkSettings(NotifyConfig config) {
        this.links = config.links().secret().flatMap(secret -> config.publicUrl()
                .map(url -> new ActionLinks(secret, config.links().lifetime(), url)));
    }

    public Optional<ActionLinks> links() {
        return links;
    }
}
