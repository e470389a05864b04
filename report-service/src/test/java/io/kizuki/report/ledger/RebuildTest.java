package io.kizuki.report.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RebuildTest {

    @Test
    void movesALiveIndexToTheCopyWithoutItsName() {
        assertEquals(
                "CREATE INDEX ON incident_view__rebuild USING btree (severity, opened_at, id)",
                Rebuild.onCopy(
                        "CREATE INDEX incident_view_severity ON public.incident_view USING btree "
                                + "(severity, opened_at, id)",
                        "incident_view__rebuild"));
    }

    @Test
    void keepsUniquenessAndPartialIndexConditions() {
        assertEquals(
                "CREATE UNIQUE INDEX ON incident_view__rebuild USING btree (recurrence_of) "
                        + "WHERE (recurrence_of IS NOT NULL)",
                Rebuild.onCopy(
                        "CREATE UNIQUE INDEX incident_view_recurrence ON public.incident_view USING btree "
                                + "(recurrence_of) WHERE (recurrence_of IS NOT NULL)",
                        "incident_view__rebuild"));
    }

    @Test
    void refusesADefinitionItDoesNotUnderstand() {
        assertThrows(IllegalStateException.class, () -> Rebuild.onCopy("ALTER TABLE x", "x__rebuild"));
    }
}
