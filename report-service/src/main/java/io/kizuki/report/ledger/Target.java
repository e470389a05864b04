package io.kizuki.report.ledger;

/**
 * Which copy of the read models a projection writes: the live tables, or the {@code __rebuild} copies a rebuild fills
 * before it renames them into place. Each copy has its own checkpoints.
 */
public record Target(String suffix) {

    public static final Target LIVE = new Target("");
    public static final Target REBUILD = new Target("__rebuild");

    public String table(String table) {
        return table + suffix;
    }

    public String checkpoint(String readModel) {
        return readModel + suffix;
    }
}
