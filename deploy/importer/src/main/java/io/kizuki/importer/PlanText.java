package io.kizuki.importer;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A plan as notify-service answers it, for people: what changes, what was left out and why, what to repoint. */
final class PlanText {

    private PlanText() {}

    static void print(JsonNode plan, PrintStream out) {
        boolean applied = plan.path("applied").asBoolean(false);
        boolean changes = false;
        for (JsonNode change : plan.path("changes")) {
            changes |= !change.path("action").asText().equals("unchanged");
        }
        out.println((applied ? "Applied" : changes ? "Plan (nothing written)" : "Nothing to change") + ": import from "
                + plan.path("source").asText());
        Map<String, Integer> unchanged = new LinkedHashMap<>();
        for (JsonNode change : plan.path("changes")) {
            String action = change.path("action").asText();
            if (action.equals("unchanged")) {
                unchanged.merge(change.path("object").asText(), 1, Integer::sum);
            } else {
                out.println("  " + symbol(action) + " " + change.path("object").asText() + " "
                        + change.path("id").asText() + (symbol(action).equals("!") ? " (" + action + ")" : ""));
            }
        }
        unchanged.forEach((object, count) -> out.println("  = " + count + " " + object + "(s) unchanged"));
        if (!plan.path("leftOut").isEmpty()) {
            out.println("Left out:");
            plan.path("leftOut")
                    .forEach(note -> out.println("  - " + note.path("object").asText() + ": "
                            + note.path("reason").asText()));
        }
        if (!plan.path("senders").isEmpty()) {
            out.println("Senders to point at Kizuki (each with a routing key of its own; --apply makes them):");
            plan.path("senders")
                    .forEach(sender -> out.println("  "
                            + (sender.path("service").isTextual()
                                    ? sender.path("service").asText()
                                    : sender.path("product").asText("(no product)"))
                            + " / "
                            + sender.path("integration").asText() + " ("
                            + sender.path("type").asText() + "): "
                            + (sender.path("format").isNull()
                                    ? "no Kizuki format reads it"
                                    : "incident-service "
                                            + sender.path("format").asText())));
        }
        if (!plan.path("problems").isEmpty()) {
            out.println("Problems (the configuration would be refused; nothing was written):");
            plan.path("problems")
                    .forEach(problem -> out.println("  " + problem.path("path").asText() + ": "
                            + problem.path("detail").asText()));
        }
    }

    private static String symbol(String action) {
        return switch (action) {
            case "created" -> "+";
            case "changed" -> "~";
            default -> "!";
        };
    }
}
