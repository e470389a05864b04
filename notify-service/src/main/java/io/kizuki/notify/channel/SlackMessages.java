package io.kizuki.notify.channel;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.kizuki.ledger.event.IncidentOpened;

/** Builds Slack Block Kit messages (incoming-webhook payloads). */
public final class SlackMessages {

    private SlackMessages() {
    }

    /** The page for a new incident: a text fallback for notifications plus blocks for the channel. */
    public static Map<String, Object> incidentOpened(IncidentOpened incident, URI consoleUrl) {
        String text = ":rotating_light: [%s] %s (%s)".formatted(incident.severity(), incident.title(),
                incident.service());
        String link = consoleUrl.resolve("/api/v1/incidents/" + incident.incidentId()).toString();
        return Map.of(
                "text", text,
                "blocks", List.of(
                        Map.of("type", "header",
                                "text", Map.of("type", "plain_text", "text", truncate(
                                        "[" + incident.severity() + "] " + incident.title(), 150))),
                        Map.of("type", "section",
                                "fields", List.of(
                                        markdown("*Service*\n" + incident.service()),
                                        markdown("*Severity*\n" + incident.severity()),
                                        markdown("*Status*\ntriggered"),
                                        markdown("*Source*\n" + incident.source()))),
                        Map.of("type", "context",
                                "elements", List.of(markdown("Incident <" + link + "|" + incident.incidentId()
                                        + "> opened " + incident.openedAt())))));
    }

    private static Map<String, Object> markdown(String text) {
        return Map.of("type", "mrkdwn", "text", text);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
