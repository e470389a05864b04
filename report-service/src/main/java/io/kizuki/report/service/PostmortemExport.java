package io.kizuki.report.service;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.report.changes.ChangeRepository;
import io.kizuki.report.incidents.IncidentState;
import io.kizuki.report.learning.PostmortemState;
import io.kizuki.report.mapping.Markdown;
import io.kizuki.report.timeline.TimelineRepository;

/** A postmortem as Markdown (for a wiki or a pull request) and as a standalone HTML page (to read or print). */
public final class PostmortemExport {

    private PostmortemExport() {}

    public static String markdown(Postmortem pm) {
        StringBuilder md = new StringBuilder();
        md.append("# Postmortem: ").append(line(pm.title())).append("\n\n");
        md.append("*")
                .append(pm.incidentId())
                .append(" · ")
                .append(pm.severity())
                .append(" · ")
                .append(line(pm.service()))
                .append(" · product ")
                .append(line(pm.product()))
                .append(" · ")
                .append(statusLine(pm))
                .append("*\n\n");
        md.append("## Summary\n\n").append(text(pm.summary())).append("\n\n");
        md.append("## Impact\n\n");
        impactLines(pm).forEach((label, value) -> md.append("- **")
                .append(label)
                .append(":** ")
                .append(value)
                .append('\n'));
        md.append("\n## Contributing factors\n\n");
        if (pm.contributingFactors().isEmpty()) {
            md.append("_Not written yet._\n");
        }
        for (ContributingFactor factor : pm.contributingFactors()) {
            md.append("- **")
                    .append(factor.category())
                    .append("**: ")
                    .append(line(factor.text()))
                    .append('\n');
        }
        for (String[] section : pm.sections()) {
            md.append("\n## ")
                    .append(section[0])
                    .append("\n\n")
                    .append(section[1] == null ? "_Not written yet._" : text(section[1]))
                    .append('\n');
        }
        md.append("\n## Action items\n\n");
        if (pm.actionItems().isEmpty()) {
            md.append("_None yet._\n");
        }
        for (IncidentState.ActionItem item : pm.actionItems()) {
            md.append("- [")
                    .append(item.done() ? 'x' : ' ')
                    .append("] **")
                    .append(item.kind())
                    .append("**: ")
                    .append(line(item.title()))
                    .append(" (owner ")
                    .append(line(item.owner()))
                    .append(", due ")
                    .append(item.dueDate())
                    .append(")\n");
        }
        md.append("\n## Changes just before it opened\n\n");
        if (pm.recentChanges().isEmpty()) {
            md.append("_None recorded._\n");
        }
        for (ChangeRepository.Change change : pm.recentChanges()) {
            md.append("- ")
                    .append(change.occurredAt())
                    .append(" ")
                    .append(change.kind())
                    .append(' ')
                    .append(line(change.service()))
                    .append(change.version() == null ? "" : " " + line(change.version()))
                    .append(change.summary() == null ? "" : ": " + line(change.summary()))
                    .append('\n');
        }
        md.append("\n## Timeline\n\n| At (UTC) | Kind | Who | What |\n|---|---|---|---|\n");
        for (TimelineRepository.Entry entry : pm.timeline()) {
            md.append("| ")
                    .append(entry.when())
                    .append(" | ")
                    .append(cell(entry.kind()))
                    .append(" | ")
                    .append(cell(entry.actor()))
                    .append(" | ")
                    .append(cell(entry.summary()))
                    .append(" |\n");
        }
        md.append("\n## Alerts\n\n");
        pm.alerts().forEach(alert -> md.append("- ")
                .append(alert.attachedAt())
                .append(" ")
                .append(line(alert.title()))
                .append('\n'));
        if (pm.alerts().isEmpty()) {
            md.append("_None (declared by hand)._\n");
        }
        return md.toString();
    }

    public static String html(Postmortem pm) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Postmortem: ")
                .append(esc(pm.title()))
                .append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;")
                .append("color:#1a1a1a;line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border:1px ")
                .append("solid #888;padding:.3rem .5rem;text-align:left;vertical-align:top}.meta{color:#333}")
                .append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>Postmortem: ")
                .append(esc(pm.title()))
                .append("</h1>\n<p class=\"meta\">")
                .append(esc(pm.incidentId()))
                .append(" · ")
                .append(pm.severity())
                .append(" · ")
                .append(esc(pm.service()))
                .append(" · product ")
                .append(esc(pm.product()))
                .append(" · ")
                .append(esc(statusLine(pm)))
                .append("</p>\n");
        h.append("<h2>Summary</h2>\n").append(paragraphs(pm.summary()));
        h.append("<h2>Impact</h2>\n<ul>\n");
        impactLines(pm).forEach((label, value) -> h.append("<li><strong>")
                .append(esc(label))
                .append(":</strong> ")
                .append(esc(value))
                .append("</li>\n"));
        h.append("</ul>\n<h2>Contributing factors</h2>\n");
        if (pm.contributingFactors().isEmpty()) {
            h.append("<p><em>Not written yet.</em></p>\n");
        } else {
            h.append("<ul>\n");
            for (ContributingFactor factor : pm.contributingFactors()) {
                h.append("<li><strong>")
                        .append(esc(factor.category()))
                        .append("</strong>: ")
                        .append(esc(factor.text()))
                        .append("</li>\n");
            }
            h.append("</ul>\n");
        }
        for (String[] section : pm.sections()) {
            h.append("<h2>")
                    .append(section[0])
                    .append("</h2>\n")
                    .append(section[1] == null ? "<p><em>Not written yet.</em></p>\n" : paragraphs(section[1]));
        }
        h.append("<h2>Action items</h2>\n<ul>\n");
        for (IncidentState.ActionItem item : pm.actionItems()) {
            h.append("<li>")
                    .append(item.done() ? "✅ " : "⬜ ")
                    .append("<strong>")
                    .append(esc(item.kind()))
                    .append("</strong>: ")
                    .append(esc(item.title()))
                    .append(" (owner ")
                    .append(esc(item.owner()))
                    .append(", due ")
                    .append(item.dueDate())
                    .append(item.done() ? ", done" : "")
                    .append(")</li>\n");
        }
        h.append("</ul>\n<h2>Changes just before it opened</h2>\n<ul>\n");
        for (ChangeRepository.Change change : pm.recentChanges()) {
            h.append("<li>")
                    .append(change.occurredAt())
                    .append(' ')
                    .append(esc(change.kind()))
                    .append(' ')
                    .append(esc(change.service()))
                    .append(change.version() == null ? "" : " " + esc(change.version()))
                    .append(change.summary() == null ? "" : ": " + esc(change.summary()))
                    .append("</li>\n");
        }
        h.append("</ul>\n<h2>Timeline</h2>\n<table>\n<thead><tr><th scope=\"col\">At (UTC)</th>")
                .append(
                        "<th scope=\"col\">Kind</th><th scope=\"col\">Who</th><th scope=\"col\">What</th></tr></thead>\n")
                .append("<tbody>\n");
        for (TimelineRepository.Entry entry : pm.timeline()) {
            h.append("<tr><td>")
                    .append(entry.when())
                    .append("</td><td>")
                    .append(esc(entry.kind()))
                    .append("</td><td>")
                    .append(esc(entry.actor()))
                    .append("</td><td>")
                    .append(esc(entry.summary()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<h2>Alerts</h2>\n<ul>\n");
        pm.alerts().forEach(alert -> h.append("<li>")
                .append(alert.attachedAt())
                .append(' ')
                .append(esc(alert.title()))
                .append("</li>\n"));
        return h.append("</ul>\n</main>\n</body>\n</html>\n").toString();
    }

    private static String statusLine(Postmortem pm) {
        return switch (pm.status()) {
                    case PostmortemState.PUBLISHED -> "published " + pm.publishedAt();
                    case PostmortemState.DRAFT -> "draft";
                    default -> "drafted from the ledger, nothing written yet";
                }
                + (pm.recurredAs().isEmpty()
                        ? ""
                        : " · prevention did not hold: recurred as "
                                + String.join(
                                        ", ",
                                        pm.recurredAs().stream()
                                                .map(PostmortemState.Recurrence::incidentId)
                                                .toList()));
    }

    private static Map<String, String> impactLines(Postmortem pm) {
        Postmortem.Impact impact = pm.impact();
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Opened", String.valueOf(impact.openedAt()));
        lines.put(
                "Time to acknowledge",
                impact.timeToAcknowledgeSeconds() == null
                        ? "never acknowledged"
                        : Postmortem.minutes(impact.timeToAcknowledgeSeconds()));
        lines.put(
                "Time to resolve",
                impact.timeToResolveSeconds() == null
                        ? "not resolved"
                        : Postmortem.minutes(impact.timeToResolveSeconds()));
        lines.put("Duration", Postmortem.minutes(impact.durationSeconds()));
        lines.put("Affected services", String.join(", ", impact.affectedServices()));
        lines.put("Affected products", String.join(", ", impact.affectedProducts()));
        lines.put("Alerts / pages", impact.alerts() + " / " + impact.pages());
        return lines;
    }

    private static String paragraphs(String text) {
        StringBuilder h = new StringBuilder();
        for (String paragraph : text.split("\\R\\s*\\R")) {
            h.append("<p>")
                    .append(esc(paragraph.strip()).replaceAll("\\R", "<br>"))
                    .append("</p>\n");
        }
        return h.toString();
    }

    static String esc(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String text(String value) {
        return value == null ? "" : Markdown.block(value.strip());
    }

    private static String line(String value) {
        return Markdown.inline(value);
    }

    private static String cell(String value) {
        return Markdown.inline(value);
    }
}
