package io.kizuki.report.metrics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.web.Problem;

/**
 * How MTTA and MTTR are measured, as a named, versioned definition:
 * <ul>
 * <li>{@code acknowledgeFrom}: {@code opened} (the incident's opening) or {@code first-page} (its first page);</li>
 * <li>{@code resolveAt}: {@code resolved} (its last resolution) or {@code mitigated} (its first {@code monitoring}
 * status, else its resolution);</li>
 * <li>{@code businessHours}: if given, only the time inside them counts ({@code timeZone}, {@code start},
 * {@code end}, {@code days});</li>
 * <li>{@code excludeDeclared}: incidents declared by hand left out.</li>
 * </ul>
 * {@link #CURRENT} is the definition the metrics read model (and {@code GET /api/v1/metrics/incidents}) measures by.
 */
public record MetricDefinition(
        String name,
        int version,
        String description,
        String acknowledgeFrom,
        String resolveAt,
        BusinessHours businessHours,
        boolean excludeDeclared) {

    public static final String OPENED = "opened";
    public static final String FIRST_PAGE = "first-page";
    public static final String RESOLVED = "resolved";
    public static final String MITIGATED = "mitigated";

    /** The definition the metrics read model measures by: from the opening, to the last resolution, every hour. */
    public static final MetricDefinition CURRENT = new MetricDefinition(
            "kizuki",
            1,
            "MTTA from the opening to the first acknowledgement (or working status); MTTR from the opening to the "
                    + "last resolution; every hour; every incident",
            OPENED,
            RESOLVED,
            null,
            false);

    /**
     * Working hours in a time zone, on some days of the week.
     *
     * @param start inclusive
     * @param end   exclusive, after {@code start}
     */
    public record BusinessHours(String timeZone, LocalTime start, LocalTime end, Set<DayOfWeek> days) {

        /** Seconds of business time between two instants. */
        double seconds(Instant from, Instant to) {
            if (!to.isAfter(from)) {
                return 0;
            }
            ZoneId zone = ZoneId.of(timeZone);
            long millis = 0;
            for (LocalDate day = from.atZone(zone).toLocalDate();
                    !day.isAfter(to.atZone(zone).toLocalDate());
                    day = day.plusDays(1)) {
                if (!days.contains(day.getDayOfWeek())) {
                    continue;
                }
                Instant opens = ZonedDateTime.of(day, start, zone).toInstant();
                Instant closes = ZonedDateTime.of(day, end, zone).toInstant();
                Instant begin = opens.isAfter(from) ? opens : from;
                Instant finish = closes.isBefore(to) ? closes : to;
                if (finish.isAfter(begin)) {
                    millis += Duration.between(begin, finish).toMillis();
                }
            }
            return millis / 1000.0;
        }
    }

    /** Whether the incident counts at all under this definition. */
    public boolean counts(IncidentTimes times) {
        return !(excludeDeclared && times.declared());
    }

    /** Seconds to acknowledge, if it was acknowledged (and, from its first page, if it was paged). */
    public Optional<Double> toAcknowledge(IncidentTimes times) {
        Instant from = FIRST_PAGE.equals(acknowledgeFrom) ? times.firstPagedAt() : times.openedAt();
        return between(from, times.acknowledgedAt());
    }

    /** Seconds to resolve (or to mitigate), if it was. */
    public Optional<Double> toResolve(IncidentTimes times) {
        Instant to =
                MITIGATED.equals(resolveAt) && times.mitigatedAt() != null ? times.mitigatedAt() : times.resolvedAt();
        return between(times.openedAt(), to);
    }

    private Optional<Double> between(Instant from, Instant to) {
        if (from == null || to == null) {
            return Optional.empty();
        }
        if (businessHours != null) {
            return Optional.of(businessHours.seconds(from, to));
        }
        return Optional.of(Duration.between(from, to).toMillis() / 1000.0);
    }

    /**
     * Reads a definition from a request, naming each wrong field in {@code errors}.
     *
     * @param version the version it becomes
     */
    public static MetricDefinition parse(String name, int version, JsonNode body, List<Problem.FieldError> errors) {
        List<String> fields =
                List.of("description", "acknowledgeFrom", "resolveAt", "businessHours", "excludeDeclared");
        body.fieldNames().forEachRemaining(field -> {
            if (!fields.contains(field)) {
                errors.add(
                        new Problem.FieldError(field, "is not a field of a definition: " + String.join(", ", fields)));
            }
        });
        String description = body.path("description").asText("");
        if (description.length() > 500 || description.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new Problem.FieldError("description", "must be at most 500 characters, no control characters"));
        }
        String from = body.path("acknowledgeFrom").asText(OPENED);
        if (!List.of(OPENED, FIRST_PAGE).contains(from)) {
            errors.add(new Problem.FieldError("acknowledgeFrom", "must be opened or first-page"));
        }
        String at = body.path("resolveAt").asText(RESOLVED);
        if (!List.of(RESOLVED, MITIGATED).contains(at)) {
            errors.add(new Problem.FieldError("resolveAt", "must be resolved or mitigated"));
        }
        JsonNode declared = body.path("excludeDeclared");
        if (!declared.isMissingNode() && !declared.isBoolean()) {
            errors.add(new Problem.FieldError("excludeDeclared", "must be true or false"));
        }
        return new MetricDefinition(
                name,
                version,
                description,
                from,
                at,
                businessHours(body.path("businessHours"), errors),
                declared.asBoolean(false));
    }

    private static BusinessHours businessHours(JsonNode hours, List<Problem.FieldError> errors) {
        if (hours.isMissingNode() || hours.isNull()) {
            return null;
        }
        String zone = hours.path("timeZone").asText("");
        try {
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            errors.add(new Problem.FieldError("businessHours.timeZone", "must be an IANA time zone, e.g. Asia/Tokyo"));
        }
        LocalTime start = time(hours, "start", "09:00", errors);
        LocalTime end = time(hours, "end", "18:00", errors);
        if (start != null && end != null && !end.isAfter(start)) {
            errors.add(new Problem.FieldError("businessHours.end", "must be after start"));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode given = hours.path("days");
        if (given.isMissingNode()) {
            days.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        } else if (!given.isArray() || given.isEmpty()) {
            errors.add(new Problem.FieldError("businessHours.days", "must list days, e.g. [\"MONDAY\", \"FRIDAY\"]"));
        } else {
            for (int i = 0; i < given.size(); i++) {
                try {
                    days.add(DayOfWeek.valueOf(given.get(i).asText("").toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    errors.add(new Problem.FieldError("businessHours.days[" + i + "]", "must be a day, e.g. MONDAY"));
                }
            }
        }
        return new BusinessHours(zone, start, end, Set.copyOf(days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : days));
    }

    private static LocalTime time(JsonNode hours, String field, String otherwise, List<Problem.FieldError> errors) {
        try {
            return LocalTime.parse(hours.path(field).asText(otherwise));
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError("businessHours." + field, "must be a time of day, e.g. " + otherwise));
            return null;
        }
    }
}
