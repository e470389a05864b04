package io.kizuki.report.timeline;

import java.util.List;

import io.kizuki.report.mapping.Csv;
import io.kizuki.report.mapping.Markdown;

/**
 * An incident's timeline as Markdown (for a postmortem) or CSV (for a spreadsheet): each entry at when it was recorded,
 * and for one a person added afterwards, when they said it happened.
 */
public final class TimelineExport {

    private TimelineExport() {}

    public static String markdown(String incidentId, String title, List<TimelineRepository.Entry> entries) {
        StringBuilder text = new StringBuilder("# Timeline of ")
                .append(incidentId)
                .append(": ")
                .append(Markdown.inline(title))
                .append("\n\n")
                .append("| # | At (UTC) | Kind | Who | What |\n|---|---|---|---|---|\n");
        for (TimelineRepository.Entry entry : entries) {
            text.append("| ")
                    .append(entry.sequence())
                    .append(" | ")
                    .append(entry.when())
                    .append(" | ")
                    .append(cell(entry.kind()))
                    .append(" | ")
                    .append(cell(entry.actor()))
                    .append(" | ")
                    .append(cell(entry.summary()))
                    .append(" |\n");
        }
        return text.toString();
    }

    public static String csv(List<TimelineRepository.Entry> entries) {
        StringBuilder text = new StringBuilder("sequence,at,kind,type,actor,summary,occurredAt\r\n");
        for (TimelineRepository.Entry entry : entries) {
            text.append(entry.sequence())
                    .append(',')
                    .append(entry.at())
                    .append(',')
                    .append(Csv.field(entry.kind()))
                    .append(',')
                    .append(Csv.field(entry.type()))
                    .append(',')
                    .append(Csv.field(entry.actor()))
                    .append(',')
                    .append(Csv.field(entry.summary()))
                    .append(',')
                    .append(entry.occurredAt() == null ? "" : entry.occurredAt().toString())
                    .append("\r\n");
        }
        return text.toString();
    }

    private static String cell(String value) {
        return Markdown.inline(value);
    }
}
