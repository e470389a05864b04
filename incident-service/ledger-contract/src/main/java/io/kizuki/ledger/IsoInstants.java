package io.kizuki.ledger;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * Reads the instants Kizuki writes — {@link Instant#toString()}'s form, {@code 2026-11-02T09:00:00.123Z} — without a
 * {@link java.time.format.DateTimeFormatter}, which takes most of the time of decoding a ledger record: every record
 * carries one in its {@code ce_time} header and most carry more in their data. Anything else (an offset, lower case, a
 * leap second, a date that does not exist) is read by {@link Instant#parse} as before, so the result and the errors
 * are the same.
 */
final class IsoInstants {

    /** Nanoseconds in one unit of the last of {@code n} fraction digits, by {@code n}. */
    private static final int[] NANOS_PER_UNIT = {
        0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
    };

    private IsoInstants() {}

    /** As {@link Instant#parse}. */
    static Instant parse(CharSequence text) {
        Instant canonical = canonical(text);
        return canonical != null ? canonical : Instant.parse(text);
    }

    /**
     * The instant, when the text has {@link Instant#toString()}'s form for years 0000 to 9999: {@code
     * uuuu-MM-ddTHH:mm:ss}, then {@code .} and one to nine digits or nothing, then {@code Z}; otherwise {@code null}.
     */
    static Instant canonical(CharSequence text) {
        int length = text.length();
        if (length < 20
                || length == 21
                || length > 30
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z'
                || (length > 20 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int places = length > 20 ? length - 21 : 0;
        int fraction = places > 0 ? digits(text, 20, places) : 0;
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || fraction < 0) {
            return null;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, (long) fraction * NANOS_PER_UNIT[places]);
    }

    /** The number the {@code count} decimal digits from {@code from} spell, or -1 if any is not a digit. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Jackson's reading of an {@link Instant}: a string in the canonical form by {@link #canonical}, anything else by
     * the Java time module's deserializer, as before.
     */
    static final class Deserializer extends StdScalarDeserializer<Instant> {

        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant canonical = canonical(parser.getText());
                if (canonical != null) {
                    return canonical;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
