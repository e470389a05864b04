package io.kizuki.notify.migrate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/** Values of a source's answers as the configuration takes them: time zones, instants, phone numbers. */
final class SourceValues {

    /** A phone number as E.164 writes it, as the configuration requires. */
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private SourceValues() {}

    /** The product a team (or an integration of no team) becomes: its name in lower case, - between words. */
    static String product(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** The IANA zone named, or {@code otherwise} when it names none. */
    static String zone(String text, String otherwise) {
        try {
            return text.isEmpty() ? otherwise : ZoneId.of(text).getId();
        } catch (DateTimeException e) {
            return otherwise;
        }
    }

    /** An ISO-8601 instant with an offset ({@code 2026-10-20T10:00:00+02:00}, {@code …Z}), or null. */
    static Instant instant(String text) {
        if (text == null || text.isEmpty() || "null".equals(text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
