package io.kizuki.report.config;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * The console's Content-Security-Policy: its pages load scripts, styles and images from report-service only, and
 * talk to report-service, incident-service, notify-service and Keycloak only. The API's stricter policy
 * ({@code default-src 'none'}) is set in application.properties; Swagger UI and health under {@code /q/} keep
 * Quarkus's own.
 */
@ApplicationScoped
public class ConsoleHeaders {

    private final String policy;

    public ConsoleHeaders(
            @ConfigProperty(name = "kizuki.console.oidc-url") String oidcUrl,
            @ConfigProperty(name = "kizuki.console.incident-url") Optional<String> incidentUrl,
            @ConfigProperty(name = "kizuki.console.notify-url") Optional<String> notifyUrl) {
        Set<String> origins = new LinkedHashSet<>();
        Stream.of(Optional.of(oidcUrl), incidentUrl, notifyUrl)
                .flatMap(Optional::stream)
                .map(ConsoleHeaders::origin)
                .forEach(origins::add);
        String connect = String.join(" ", origins);
        this.policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + connect + "; form-action 'self'; base-uri 'none'; object-src 'none'; "
                + "frame-ancestors 'none'";
    }

    /** The policy the console's pages are served with. */
    public String policy() {
        return policy;
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    void register(@Observes Filters filters) {
        filters.register(
                context -> {
                    String path = context.normalizedPath();
                    if (!path.startsWith("/api/") && !path.startsWith("/q/")) {
                        context.response().putHeader("Content-Security-Policy", policy);
                    }
                    context.next();
                },
                10);
    }
}
