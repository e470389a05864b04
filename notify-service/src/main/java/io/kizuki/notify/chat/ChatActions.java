package io.kizuki.notify.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kizuki.ledger.IncidentStatus;

/**
 * The buttons a page and an announcement carry in Slack, and what a click on each asks: {@code action_id} names the
 * action, {@code value} the incident (and, to escalate, the level the page is for: {@code <incident>@<level>}). A
 * URL button (open the incident) is answered by Slack itself.
 */
public final class ChatActions {

    public static final String ACKNOWLEDGE = "kizuki.acknowledge";
    public static final String RESOLVE = "kizuki.resolve";
    public static final String LEAD = "kizuki.lead";
    public static final String ESCALATE = "kizuki.escalate";
    public static final String OPEN = "open-incident";

    private ChatActions() {}

    /** What a click asks, or empty for a button that asks nothing of Kizuki (open the incident). */
    public static Optional<ChatRequest.OnIncident> request(String actionId, String value) {
        if (ESCALATE.equals(actionId)) {
            return escalate(value);
        }
        String incidentId = value;
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

    /** An escalate button's value: {@code <incident>@<level>}, or empty when it is not one. */
    private static Optional<ChatRequest.OnIncident> escalate(String value) {
        int at = value == null ? -1 : value.lastIndexOf('@');
        if (at < 1 || !value.substring(at + 1).matches("[1-9][0-9]{0,2}")) {
            return Optional.empty();
        }
        String incidentId = value.substring(0, at);
        return ChatRequest.INCIDENT_ID.matcher(incidentId).matches()
                ? Optional.of(new ChatRequest.Escalate(incidentId, Integer.parseInt(value.substring(at + 1))))
                : Optional.empty();
    }

    /**
     * The buttons for an incident in a state: while it is triggered, acknowledge, resolve, lead and, on a page whose
     * level has a next one ({@code escalateFrom} that level, else 0), escalate now; once acknowledged, resolve and
     * lead; once resolved, only the link.
     */
    public static List<Map<String, Object>> buttons(
            String incidentId, IncidentStatus status, int escalateFrom, String link) {
        List<Map<String, Object>> buttons = new ArrayList<>();
        boolean open = status.open();
        if (status == IncidentStatus.TRIGGERED) {
            buttons.add(button(ACKNOWLEDGE, "Acknowledge", incidentId, "primary"));
        }
        if (status == IncidentStatus.TRIGGERED && escalateFrom > 0) {
            buttons.add(button(ESCALATE, "Escalate now", incidentId + "@" + escalateFrom, "danger"));
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
