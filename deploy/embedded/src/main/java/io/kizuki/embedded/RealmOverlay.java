package io.kizuki.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Merges the dev-only additions ({@code kizuki-realm-dev.json}: users, the CLI client, client secrets) into the
 * production realm ({@code kizuki-realm.json}), so that the production realm file holds no dev user and no secret.
 * Arrays of clients, users and groups are merged by {@code clientId}, {@code username} and {@code name}: an entry
 * of the overlay adds its fields to the entry of the same identity, or is appended.
 */
final class RealmOverlay {

    static final String CONSOLE_CLIENT = "kizuki-console";
    private static final String POST_LOGOUT = "post.logout.redirect.uris";
    private static final List<String> IDENTITIES = List.of("clientId", "username", "name");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RealmOverlay() {}

    static void write(Path realm, Path overlay, Path target, List<String> consoleOrigins) {
        try {
            ObjectNode merged = (ObjectNode) MAPPER.readTree(realm.toFile());
            if (Files.exists(overlay)) {
                merge(merged, (ObjectNode) MAPPER.readTree(overlay.toFile()));
            }
            consoleOrigins.forEach(origin -> allowConsole(merged, origin));
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), merged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kizuki realm", e);
        }
    }

    /**
     * Lets the console served at {@code origin} (report-service on the stack's port) sign in through the public client
     * {@value #CONSOLE_CLIENT}: its redirect, logout and CORS origin.
     */
    static void allowConsole(ObjectNode realm, String origin) {
        for (JsonNode client : realm.withArray("clients")) {
            if (client instanceof ObjectNode console
                    && CONSOLE_CLIENT.equals(client.path("clientId").asText())) {
                addOnce(console.withArray("redirectUris"), origin + "/*");
                addOnce(console.withArray("webOrigins"), origin);
                ObjectNode attributes = console.with("attributes");
                String logout = attributes.path(POST_LOGOUT).asText("");
                if (!List.of(logout.split("##")).contains(origin + "/*")) {
                    attributes.put(POST_LOGOUT, logout.isEmpty() ? origin + "/*" : logout + "##" + origin + "/*");
                }
            }
        }
    }

    private static void addOnce(ArrayNode values, String value) {
        for (JsonNode existing : values) {
            if (existing.asText().equals(value)) {
                return;
            }
        }
        values.add(value);
    }

    static void merge(ObjectNode base, ObjectNode overlay) {
        overlay.fields().forEachRemaining(field -> {
            JsonNode existing = base.get(field.getKey());
            JsonNode addition = field.getValue();
            if (existing instanceof ObjectNode baseObject && addition instanceof ObjectNode overlayObject) {
                merge(baseObject, overlayObject);
            } else if (existing instanceof ArrayNode baseArray && addition instanceof ArrayNode overlayArray) {
                overlayArray.forEach(entry -> mergeEntry(baseArray, entry));
            } else {
                base.set(field.getKey(), addition);
            }
        });
    }

    private static void mergeEntry(ArrayNode base, JsonNode entry) {
        for (String identity : IDENTITIES) {
            if (entry.has(identity)) {
                for (JsonNode candidate : base) {
                    if (candidate instanceof ObjectNode object
                            && entry.get(identity).equals(candidate.get(identity))) {
                        merge(object, (ObjectNode) entry);
                        return;
                    }
                }
                break;
            }
        }
        base.add(entry);
    }
}
