package io.kizuki.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one run, printed as a Markdown table: what was measured, against what, and the target. */
public final class Figures {

    /** One row; {@code baseline} and {@code ratio} are empty where nothing is compared. */
    public record Row(String figure, String baseline, String kizuki, String ratio, String target) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    void add(String figure, String baseline, String kizuki, String ratio, String target) {
        rows.add(new Row(figure, baseline, kizuki, ratio, target));
    }

    /** Something that went wrong (a failed request, a page that never came): the smoke run fails on any. */
    void problem(String problem) {
        problems.add(problem);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("| figure | baseline (same run) | Kizuki | ratio | target |\n");
        out.append("|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ")
                    .append(String.join(" | ", row.figure(), row.baseline(), row.kizuki(), row.ratio(), row.target()))
                    .append(" |\n");
        }
        if (!problems.isEmpty()) {
            out.append("\nProblems:\n");
            problems.forEach(problem -> out.append("- ").append(problem).append('\n'));
        }
        return out.toString();
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String ratio(double kizuki, double baseline) {
        return baseline > 0 ? String.format(Locale.ROOT, "%.2f×", kizuki / baseline) : "n/a";
    }
}
