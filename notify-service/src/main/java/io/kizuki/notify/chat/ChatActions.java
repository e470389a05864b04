package io.kizuki.notify.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kizuki.ledger.IncidentStatus;

/**
 * The buttons a page and an announcement carry in Slack, and what a click on each asks: {@code action_id} names the
 * action, {@code value} the incident. A URL button (open the incident) is answered by Slack itself.
 */
public final class ChatActions {

    public static final String ACKNOWLEDGE = "kizuki.acknowledge";
    public static final String RESOLVE = "kizuki.resolve";
    public static final String LEAD = "kizuki.lead";
    public static final String OPEN = "open-incident";

    private ChatActions() {}

    /** What a click asks, or empty for a button that asks nothing of Kizuki (open the incident). */
    public static Optional<ChatRequest.OnIncident> request(String actionId, String incidentId) {
        if (incidentId == null || !ChatRequest.INCIDENT_ID.matcher(incidentId).matches()) {
            return Optional.empty();
        }
        return switch (actionId) {
            case ACKNOWLEDGE -> Optional.of(new ChatRequest.Acknowledge(incidentId));
            case RESOLVE -> Optional.of(new ChatRequest.Resolve(incidentId));
            case LEAD -> Optional.of(new ChatRequest.Lead(incidentId));
            default -> Optional.empty();
        };
    }

    /**
     * The buttons for an incident in a state: while it is triggered, acknowledge, resolve and lead; once
     * acknowledged, resolve and lead; once resolved, only the link.
     */
    public static List<Map<String, Object>> buttons(String incidentId, IncidentStatus status, String link) {
        List<Map<String, Object>> buttons = new ArrayList<>();
        boolean open = status.open();
        if (status == IncidentStatus.TRIGGERED) {
            buttons.add(button(ACKNOWLEDGE, "Acknowledge", incidentId, "primary"));
        }
        if (open) {
            buttons.add(button(RESOLVE, "Resolve", incidentId, null));
            buttons.add(button(LEAD, "I'll lead", incidentId, null));
        }
        buttons.add(Map.of(
                "type",
                "button",
                "action_id",
                OPEN,
                "text",
                Map.of("type", "plain_text", "text", "Open incident"),
                "url",
                link));
        return buttons;
    }

    private static Map<String, Object> button(String actionId, String text, String incidentId, String style) {
        Map<String, Object> button = new LinkedHashMap<>();
        button.put("type", "button");
        button.put("action_id", actionId);
        button.put("text", Map.of("type", "plain_text", "text", text));
        button.put("value", incidentId);
        if (style != null) {
            button.put("style", style);
        }
        return button;
    }
}
