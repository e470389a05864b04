package io.kizuki.ledger;

import java.util.Locale;

/** Incident severity, SEV1 the most serious. */
public enum Severity {
    SEV1,
    SEV2,
    SEV3,
    SEV4;

    /**
     * Maps the severity words monitoring tools use ({@code critical}, {@code warning}, {@code sev2} …)
     * to a severity; anything unknown or absent is SEV3.
     */
    public static Severity fromLabel(String label) {
        if (label == null) {
            return SEV3;
        }
        return switch (label.trim().toLowerCase(Locale.ROOT)) {
            case "sev1", "1", "critical", "fatal", "page" -> SEV1;
            case "sev2", "2", "error", "high", "major" -> SEV2;
            case "sev4", "4", "info", "low", "minor" -> SEV4;
            default -> SEV3;
        };
    }
}
