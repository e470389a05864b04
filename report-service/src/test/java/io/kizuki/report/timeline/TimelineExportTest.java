package io.kizuki.report.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The timeline's exports: each entry at when it was recorded and, for one a person back-dated, when it happened. */
class TimelineExportTest {

    private static final Instant RECORDED = Instant.parse("2026-12-06T08:00:00Z");
    private static final Instant HAPPENED = Instant.parse("2026-12-06T07:00:00Z");

    private static final List<TimelineRepository.Entry> ENTRIES = List.of(
            new TimelineRepository.Entry(
                    1, RECORDED, "opened", "kizuki.incident.opened.v1", "kizuki:detection", "Opened", "e1", null),
            new TimelineRepository.Entry(
                    2,
                    RECORDED,
                    "action",
                    "kizuki.incident.timeline-entry-added.v1",
                    "user:rei",
                    "[rollback] rolled back",
                    "e2",
                    HAPPENED),
            new TimelineRepository.Entry(
                    3,
                    RECORDED,
                    "note",
                    "kizuki.incident.timeline-entry-added.v1",
                    "user:rei",
                    "looking",
                    "e3",
                    RECORDED));

    @Test
    void markdownWritesABackDatedEntryAtWhenItHappenedAndWhenItWasRecorded() {
        assertThat(TimelineExport.markdown("inc-1", "Checkout down", ENTRIES).lines())
                .contains(
                        "| 1 | 2026-12-06T08:00:00Z | opened | kizuki:detection | Opened |",
                        "| 2 | 2026-12-06T07:00:00Z (recorded 2026-12-06T08:00:00Z) | action | user:rei | \\[rollback\\] rolled back |",
                        "| 3 | 2026-12-06T08:00:00Z | note | user:rei | looking |");
    }

    @Test
    void csvGivesWhenAnEntryHappenedInAColumnOfItsOwn() {
        assertThat(TimelineExport.csv(ENTRIES).split("\r\n"))
                .containsExactly(
                        "sequence,at,kind,type,actor,summary,occurredAt",
                        "1,2026-12-06T08:00:00Z,opened,kizuki.incident.opened.v1,kizuki:detection,Opened,",
                        "2,2026-12-06T08:00:00Z,action,kizuki.incident.timeline-entry-added.v1,user:rei,"
                                + "[rollback] rolled back,2026-12-06T07:00:00Z",
                        "3,2026-12-06T08:00:00Z,note,kizuki.incident.timeline-entry-added.v1,user:rei,looking,"
                                + "2026-12-06T08:00:00Z");
    }
}
