package io.kizuki.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** When an incident may close and its postmortem be published: the codes the console shows, the texts the deciders answer. */
class GuardsTest {

    @Test
    void aSeriousResolvedIncidentNeedsItsPostmortemPublishedAndAPreventionItemToClose() {
        assertThat(Guards.closeBlockers(IncidentStatus.RESOLVED, Severity.SEV2, false, List.of("detection")))
                .containsExactly(Guards.POSTMORTEM, Guards.PREVENTION);
        assertThat(Guards.closeBlockers(IncidentStatus.RESOLVED, Severity.SEV2, true, List.of("prevention")))
                .isEmpty();
        assertThat(Guards.closeBlockers(IncidentStatus.RESOLVED, Severity.SEV3, false, List.of()))
                .isEmpty();
        assertThat(Guards.closeBlockers(IncidentStatus.MONITORING, Severity.SEV3, true, List.of()))
                .containsExactly(Guards.NOT_RESOLVED);
        assertThat(Guards.closeRefusal(IncidentStatus.RESOLVED, Severity.SEV1, true, List.of()))
                .isEqualTo("missing: a prevention action item. A SEV1 incident closes only once its postmortem is "
                        + "published and at least one prevention action item exists");
        assertThat(Guards.closeRefusal(IncidentStatus.RESOLVED, Severity.SEV4, false, List.of()))
                .isNull();
    }

    @Test
    void aPostmortemIsPublishedOnceResolvedWithFactorsAndLessons() {
        assertThat(Guards.publishBlockers(IncidentStatus.IDENTIFIED, false, false, true))
                .containsExactly(Guards.NOT_RESOLVED, Guards.FACTORS);
        assertThat(Guards.publishBlockers(IncidentStatus.RESOLVED, false, true, true))
                .isEmpty();
        assertThat(Guards.publishBlockers(IncidentStatus.CLOSED, true, true, true))
                .containsExactly(Guards.ALREADY_PUBLISHED);
        assertThat(Guards.publishRefusal(IncidentStatus.IDENTIFIED, false, true, false))
                .isEqualTo("missing: a resolved incident (it is identified), lessons. A postmortem is published once "
                        + "the incident is resolved and it names its contributing factors and lessons");
    }
}
