package io.kizuki.notify.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.kizuki.notify.migrate.Translation.Note;
import io.kizuki.notify.migrate.Translation.Sender;
import io.kizuki.notify.migrate.Translation.SourcePerson;
import io.kizuki.notify.oncall.ConfigEdit;

/**
 * Puts a {@link Translation} into the configuration in force, as text: what is not imported stays as written (its
 * {@code ${NAME}} placeholders too), someone already configured with the same e-mail keeps their id and what they
 * have (the source only adds what they lack), objects of the source replace those of an earlier run of the same
 * import, and the source's routing rules come first, replacing those of an earlier run. Pure: the caller checks and
 * applies the result.
 */
public final class ConfigImport {

    /** What happens to one object of the configuration: created, changed, unchanged or kept (gone at the source). */
    public record Change(String object, String id, String action) {}

    /** What an import would do, and the configuration it would put in force. */
    public record Plan(String source, List<Change> changes, List<Note> leftOut, List<Sender> senders, String yaml) {

        /** Whether the import changes anything. */
        public boolean changesAnything() {
            return changes.stream().anyMatch(change -> !"unchanged".equals(change.action()));
        }
    }

    private ConfigImport() {}

    /** The plan of importing {@code translation} into {@code current} (none: an empty configuration). */
    public static Plan plan(Optional<String> current, Translation translation) {
        ObjectNode root = ConfigEdit.read(current.orElse(null));
        List<Change> changes = new ArrayList<>();
        Map<String, String> ids = people(root.withObjectProperty("people"), translation, changes);
        ObjectNode schedules = root.withObjectProperty("schedules");
        translation.schedules().forEach((id, given) -> {
            ObjectNode schedule = given.deepCopy();
            for (JsonNode layer : schedule.path("layers")) {
                resolve((ArrayNode) layer.path("members"), ids);
            }
            for (JsonNode override : schedule.path("overrides")) {
                ((ObjectNode) override)
                        .put("person", ids.get(override.path("person").asText()));
            }
            put(schedules, "schedule", id, schedule, changes);
        });
        kept(schedules, "schedule", translation.prefix(), translation.schedules(), changes);
        ObjectNode policies = root.withObjectProperty("escalationPolicies");
        translation.policies().forEach((id, given) -> {
            ObjectNode policy = given.deepCopy();
            for (JsonNode level : policy.path("levels")) {
                for (JsonNode target : level.path("targets")) {
                    if (target.has("person")) {
                        ((ObjectNode) target)
                                .put("person", ids.get(target.path("person").asText()));
                    }
                }
            }
            put(policies, "escalation policy", id, policy, changes);
        });
        kept(policies, "escalation policy", translation.prefix(), translation.policies(), changes);
        routing(root.withObjectProperty("routing"), translation, changes);
        return new Plan(
                translation.source(),
                List.copyOf(changes),
                translation.leftOut(),
                translation.senders(),
                ConfigEdit.write(root));
    }

    /** Puts the source's people in, and answers which id each source user has in Kizuki. */
    private static Map<String, String> people(ObjectNode people, Translation translation, List<Change> changes) {
        Map<String, String> byEmail = new HashMap<>();
        people.properties().forEach(entry -> {
            String email = entry.getValue().path("email").asText("");
            if (!email.isEmpty()) {
                byEmail.putIfAbsent(email.toLowerCase(Locale.ROOT), entry.getKey());
            }
        });
        Map<String, String> ids = new LinkedHashMap<>();
        for (Map.Entry<String, SourcePerson> entry : translation.people().entrySet()) {
            SourcePerson person = entry.getValue();
            String matched = byEmail.get(person.email().toLowerCase(Locale.ROOT));
            if (matched != null && !matched.startsWith(translation.prefix())) {
                ObjectNode existing = (ObjectNode) people.get(matched);
                boolean added = false;
                for (var field : person.person().properties()) {
                    if (!existing.has(field.getKey())) {
                        existing.set(field.getKey(), field.getValue());
                        added = true;
                    }
                }
                changes.add(new Change("person", matched, added ? "changed" : "unchanged"));
                ids.put(entry.getKey(), matched);
            } else {
                put(people, "person", person.id(), person.person(), changes);
                ids.put(entry.getKey(), person.id());
            }
        }
        return ids;
    }

    private static void resolve(ArrayNode members, Map<String, String> ids) {
        for (int i = 0; i < members.size(); i++) {
            members.set(i, TextNode.valueOf(ids.get(members.get(i).asText())));
        }
    }

    private static void put(ObjectNode map, String object, String id, ObjectNode value, List<Change> changes) {
        JsonNode before = map.get(id);
        changes.add(
                new Change(object, id, before == null ? "created" : before.equals(value) ? "unchanged" : "changed"));
        map.set(id, value);
    }

    /** Objects an earlier run made that the source no longer has: kept (something may still refer to them). */
    private static void kept(
            ObjectNode map, String object, String prefix, Map<String, ObjectNode> imported, List<Change> changes) {
        map.fieldNames().forEachRemaining(id -> {
            if (id.startsWith(prefix) && !imported.containsKey(id)) {
                changes.add(new Change(object, id, "kept: no longer at the source"));
            }
        });
    }

    private static void routing(ObjectNode routing, Translation translation, List<Change> changes) {
        Map<String, JsonNode> earlier = new LinkedHashMap<>();
        ArrayNode rules = JsonNodeFactory.instance.arrayNode();
        for (ObjectNode rule : translation.rules()) {
            rules.add(rule);
        }
        JsonNode existing = routing.path("rules");
        for (Iterator<JsonNode> it = existing.elements(); it.hasNext(); ) {
            JsonNode rule = it.next();
            if (rule.path("policy").asText("").startsWith(translation.prefix())) {
                earlier.put(criteria(rule), rule);
            } else {
                rules.add(rule);
            }
        }
        for (ObjectNode rule : translation.rules()) {
            JsonNode before = earlier.remove(criteria(rule));
            changes.add(new Change(
                    "routing rule",
                    label(rule),
                    before == null ? "created" : before.equals(rule) ? "unchanged" : "changed"));
        }
        earlier.values()
                .forEach(rule ->
                        changes.add(new Change("routing rule", label(rule), "removed: no longer at the source")));
        routing.set("rules", rules);
        if (!routing.hasNonNull("default") && !translation.policies().isEmpty()) {
            String first = translation.policies().keySet().iterator().next();
            routing.put("default", first);
            changes.add(new Change("routing default", first, "created"));
        }
    }

    /** What a rule matches: the rule without its policy. */
    private static String criteria(JsonNode rule) {
        ObjectNode criteria = rule.deepCopy();
        criteria.remove("policy");
        return criteria.toString();
    }

    /** A rule as a plan names it: the services it matches, else the products. */
    private static String label(JsonNode rule) {
        return rule.has("service")
                ? String.join(", ", textOf(rule.path("service")))
                : "product " + String.join(", ", textOf(rule.path("product")));
    }

    private static List<String> textOf(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
