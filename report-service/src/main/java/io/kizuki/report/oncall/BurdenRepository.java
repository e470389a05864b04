package io.kizuki.report.oncall;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.report.ledger.Where;
import io.kizuki.web.ProductScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** On-call burden per person and ISO week (in the person's time zone), from the pages read model. */
@ApplicationScoped
public class BurdenRepository {

    /** Hours of compensatory leave suggested after a disturbed night, and after a weekend day with pages. */
    public static final int HOURS_PER_NIGHT = 4;

    public static final int HOURS_PER_WEEKEND_DAY = 8;

    /** A suggestion of time off, and why. */
    public record Leave(int hours, String reason) {}

    /** One person's week. */
    public record Week(
            String person,
            String week,
            long pages,
            long nightPages,
            long weekendPages,
            List<LocalDate> nightsDisturbed,
            List<LocalDate> weekendDaysDisturbed,
            Leave compensatoryLeave) {}

    private final Pool pool;

    public BurdenRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Week>> weeks(ProductScope scope, List<String> people, Instant from, Instant to) {
        Where where = new Where();
        if (!scope.all()) {
            where.and("product = ANY(?)", scope.products().toArray(String[]::new));
        }
        where.andIf("person = ANY(?)", people).andIf("paged_at >= ?", from).andIf("paged_at < ?", to);
        String sql = "SELECT person, week, count(*), count(night_of), count(weekend_day), "
                + "coalesce(array_agg(DISTINCT night_of) FILTER (WHERE night_of IS NOT NULL), '{}'), "
                + "coalesce(array_agg(DISTINCT weekend_day) FILTER (WHERE weekend_day IS NOT NULL), '{}') "
                + "FROM " + PagesReadModel.TABLE + where + " GROUP BY person, week ORDER BY week, person";
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> {
            List<Week> weeks = new ArrayList<>();
            for (Row row : rows) {
                List<LocalDate> nights = dates(row, 5);
                List<LocalDate> weekendDays = dates(row, 6);
                weeks.add(new Week(
                        row.getString(0),
                        row.getString(1),
                        row.getLong(2),
                        row.getLong(3),
                        row.getLong(4),
                        nights,
                        weekendDays,
                        leave(nights, weekendDays)));
            }
            return weeks;
        });
    }

    /** Half a day after each disturbed night, a day for each weekend day with daytime pages. */
    static Leave leave(List<LocalDate> nights, List<LocalDate> weekendDays) {
        int hours = nights.size() * HOURS_PER_NIGHT + weekendDays.size() * HOURS_PER_WEEKEND_DAY;
        if (hours == 0) {
            return null;
        }
        List<String> reasons = new ArrayList<>();
        if (!nights.isEmpty()) {
            reasons.add(nights.size() + " disturbed night(s) × " + HOURS_PER_NIGHT + " h");
        }
        if (!weekendDays.isEmpty()) {
            reasons.add(weekendDays.size() + " weekend day(s) paged × " + HOURS_PER_WEEKEND_DAY + " h");
        }
        return new Leave(hours, String.join(" + ", reasons));
    }

    private static List<LocalDate> dates(Row row, int column) {
        LocalDate[] values = row.getArrayOfLocalDates(column);
        return values == null ? List.of() : Arrays.stream(values).sorted().toList();
    }
}
