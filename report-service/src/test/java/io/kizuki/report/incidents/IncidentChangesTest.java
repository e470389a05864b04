package io.kizuki.report.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.kizuki.report.incidents.IncidentChanges.Change;

class IncidentChangesTest {

    @Test
    void readsEachLineOfANotificationAsAProductAndAnIncident() {
        assertThat(IncidentChanges.parse("shop\tinc-1\npayments\tinc-2"))
                .containsExactly(new Change("inc-1", "shop"), new Change("inc-2", "payments"));
    }

    @Test
    void readsAnEmptyNotificationAsNoChange() {
        assertThat(IncidentChanges.parse("")).isEmpty();
        assertThat(IncidentChanges.parse(null)).isEmpty();
    }
}
