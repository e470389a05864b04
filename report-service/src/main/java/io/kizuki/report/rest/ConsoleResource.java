package io.kizuki.report.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.ledger.Vocabulary;

/**
 * What the web console (the static pages at {@code /}) needs before the user signs in: the Keycloak realm and public
 * client to sign in with, where the browser reaches incident-service's commands and notify-service's on-call API, and
 * the addresses the console is registered at.
 */
@Path("/console/config.json")
@Tag(name = "Console", description = "The web console's settings")
@PermitAll
public class ConsoleResource {

    /** The console's settings; an API left unset leaves the console's parts that need it disabled, with a note. */
    public record ConsoleConfig(
            @Schema(description = "the Keycloak realm's URL (issuer)")
            String oidcUrl,

            @Schema(description = "the public client, authorization code flow with PKCE")
            String clientId,

            @Schema(description = "incident-service's base URL, for commands; null if not set")
            String incidentApi,

            @Schema(description = "notify-service's base URL, for who is on call; null if not set")
            String notifyApi,

            @Schema(
                    description =
                            "the origins the console is registered at (Keycloak's redirects, the services' CORS: "
                                    + "KIZUKI_CONSOLE_ORIGIN); opened at another, it says where to open it instead of signing in")
            List<String> origins,

            @Schema(
                    description = "the ledger's fixed words the console offers: roles, entryKinds, actions, "
                            + "actionItemKinds, factorCategories, adoptionStatuses")
            Map<String, List<String>> vocabulary) {}

    private final ConsoleConfig config;

    public ConsoleResource(
            @ConfigProperty(name = "kizuki.console.oidc-url") String oidcUrl,
            @ConfigProperty(name = "kizuki.console.client-id") String clientId,
            @ConfigProperty(name = "kizuki.console.incident-url") Optional<String> incidentUrl,
            @ConfigProperty(name = "kizuki.console.notify-url") Optional<String> notifyUrl,
            @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> origins) {
        this.config = new ConsoleConfig(
                trim(oidcUrl),
                clientId,
                incidentUrl.map(ConsoleResource::trim).orElse(null),
                notifyUrl.map(ConsoleResource::trim).orElse(null),
                origins.orElse(List.of()).stream().map(ConsoleResource::trim).toList(),
                Map.of(
                        "roles", Vocabulary.ROLES,
                        "entryKinds", Vocabulary.ENTRY_KINDS,
                        "actions", Vocabulary.ACTIONS,
                        "actionItemKinds", Vocabulary.ACTION_ITEM_KINDS,
                        "factorCategories", Vocabulary.FACTOR_CATEGORIES,
                        "adoptionStatuses", Vocabulary.ADOPTION_STATUSES));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The console's settings (no sign-in needed: it holds no secret)")
    @APIResponse(
            responseCode = "200",
            description = "The settings",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ConsoleConfig.class)))
    public ConsoleConfig config() {
        return config;
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
