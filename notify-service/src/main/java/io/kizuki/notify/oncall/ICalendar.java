package io.kizuki.notify.oncall;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A schedule's shifts as an iCalendar feed (RFC 5545) that calendar applications subscribe to: one event per shift,
 * in UTC, with CRLF line ends, escaped text and lines folded at 75 octets.
 */
public final class ICalendar {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ICalendar() {}

    /** The feed of a schedule's shifts; {@code now} is each event's DTSTAMP. */
    public static String of(String scheduleId, String scheduleName, List<Rotations.Shift> shifts, Instant now) {
        StringBuilder ics = new StringBuilder();
        line(ics, "BEGIN:VCALENDAR");
        line(ics, "VERSION:2.0");
        line(ics, "PRODID:-//Kizuki//on-call schedules//EN");
        line(ics, "CALSCALE:GREGORIAN");
        line(ics, "METHOD:PUBLISH");
        line(ics, "X-WR-CALNAME:" + text("On call: " + scheduleName));
        for (Rotations.Shift shift : shifts) {
            line(ics, "BEGIN:VEVENT");
            line(
                    ics,
                    "UID:" + text(scheduleId + "-" + shift.start().getEpochSecond() + "-" + shift.person())
                            + "@kizuki");
            line(ics, "DTSTAMP:" + UTC.format(now));
            line(ics, "DTSTART:" + UTC.format(shift.start()));
            line(ics, "DTEND:" + UTC.format(shift.end()));
            line(ics, "SUMMARY:" + text("On call: " + shift.person() + " (" + scheduleName + ")"));
            line(ics, "END:VEVENT");
        }
        line(ics, "END:VCALENDAR");
        return ics.toString();
    }

    /** TEXT escaping: backslash, semicolon, comma and line breaks. */
    static String text(String value) {
        return value.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\r\n", "\\n")
                .replace("\n", "\\n")
                .replace("\r", "\\n");
    }

    /** Appends a content line, folded so that no line is longer than 75 octets (continuations start with a space). */
    private static void line(StringBuilder ics, String content) {
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < content.length(); ) {
            int codePoint = content.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                ics.append("\r\n ");
                octets = 0;
                limit = 74;
            }
            ics.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        ics.append("\r\n");
    }
}
