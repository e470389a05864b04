package io.kizuki.report.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jakarta.ws.rs.core.UriInfo;

import io.kizuki.web.Problem;

/** Query parameters read strictly: anything that does not fit is a 400 naming the parameter. */
final class Params {

    private Params() {}

    /** An instant ({@code 2026-11-22T10:00:00Z}) or a date (its start, UTC); {@code null} when absent. */
    static Instant instant(String name, String value, UriInfo uri) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.invalidField(
                    name, "must be an ISO-8601 instant (2026-11-22T10:00:00Z) or date (2026-11-22)", uri);
        }
    }

    /** A time range; {@code from} must come before {@code to}. */
    static Instant[] range(String from, String to, UriInfo uri) {
        Instant start = instant("from", from, uri);
        Instant end = instant("to", to, uri);
        if (start != null && end != null && !start.isBefore(end)) {
            throw Problem.invalidField("to", "must be after from", uri);
        }
        return new Instant[] {start, end};
    }

    /** A stream sequence to page after: 0 when absent. */
    static long sequence(String name, String value, UriInfo uri) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        long sequence;
        try {
            sequence = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            sequence = -1;
        }
        if (sequence < 0) {
            throw Problem.invalidField(name, "must be a sequence number, 0 or more", uri);
        }
        return sequence;
    }

    /** A page size: a whole number from 1 to {@code max} (a query parameter that is not one is a 400 naming it). */
    static int limit(String value, int max, UriInfo uri) {
        int limit;
        try {
            limit = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw Problem.invalidField("limit", "must be a whole number between 1 and " + max, uri);
        }
        if (limit < 1 || limit > max) {
            throw Problem.invalidField("limit", "must be between 1 and " + max, uri);
        }
        return limit;
    }

    /** Comma-separated or repeated values of an enum, case-insensitive; empty when absent. */
    static <E extends Enum<E>> List<E> enums(String name, List<String> values, Class<E> type, UriInfo uri) {
        List<E> parsed = new ArrayList<>();
        for (String value : split(values)) {
            try {
                parsed.add(Enum.valueOf(type, value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw Problem.invalidField(
                        name,
                        "must be one of "
                                + Arrays.stream(type.getEnumConstants())
                                        .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                                        .toList()
                                + ", not " + value,
                        uri);
            }
        }
        return parsed;
    }

    /** Comma-separated or repeated values; empty when absent. */
    static List<String> split(List<String> values) {
        List<String> all = new ArrayList<>();
        if (values != null) {
            values.forEach(value -> Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(v -> !v.isEmpty())
                    .forEach(all::add));
        }
        return all;
    }

    /** Whether the caller asked for CSV: {@code format=csv}, or an Accept header naming text/csv. */
    static boolean wantsCsv(String format, String accept, UriInfo uri) {
        return format != null
                ? "csv".equals(oneOf("format", format, List.of("json", "csv"), value -> value, uri))
                : accept != null && accept.contains(IncidentResource.CSV);
    }

    /** One of a fixed set of words. */
    static <T> T oneOf(String name, String value, List<String> allowed, Function<String, T> map, UriInfo uri) {
        if (!allowed.contains(value)) {
            throw Problem.invalidField(name, "must be one of " + allowed + ", not " + value, uri);
        }
        return map.apply(value);
    }
}
