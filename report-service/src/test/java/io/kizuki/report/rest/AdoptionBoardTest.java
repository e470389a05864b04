package io.kizuki.report.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.SharedAction;
import io.kizuki.report.learning.KnowledgeFeed;
import io.kizuki.report.learning.LearningRepository.Adoption;
import io.kizuki.report.learning.PostmortemState;

/** The adoption board: per shared action every other product's answer, per product its coverage. */
class AdoptionBoardTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void countsAnswersOfTheOtherProductsOnly() {
        var state = new PostmortemState();
        state.incidentId = "inc-1";
        state.status = PostmortemState.PUBLISHED;
        state.published = new PostmortemPublished(
                "inc-1",
                "shop",
                "shop-db",
                "Disk full",
                Severity.SEV2,
                null,
                "lessons",
                List.of(new ContributingFactor("capacity", "x")),
                List.of(
                        new SharedAction("ai-1", "Alert at 80 %", "bob", LocalDate.parse("2026-12-01"), false),
                        new SharedAction("ai-2", "Grow disks", "bob", LocalDate.parse("2026-12-01"), false)),
                "user:bob",
                T0);
        var item = new KnowledgeFeed.Item(
                state,
                List.of(
                        new Adoption("inc-1", "ai-1", "payments", "adopted", null, "user:p", T0),
                        new Adoption("inc-1", "ai-2", "payments", "planned", null, "user:p", T0),
                        new Adoption("inc-1", "ai-1", "search", "not-applicable", "no disks", "user:s", T0)));

        LearningResource.AdoptionBoard board =
                LearningResource.board(List.of(item), List.of("payments", "search", "shop"));

        assertThat(board.actions()).hasSize(2);
        assertThat(board.actions().getFirst().answers())
                .containsEntry("payments", "adopted")
                .containsEntry("search", "not-applicable");
        assertThat(board.actions().getFirst().coverage()).isEqualTo(1.0);
        assertThat(board.actions().get(1).coverage()).isEqualTo(0.0);
        assertThat(board.byProduct())
                .filteredOn(p -> p.product().equals("payments"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.shared()).isEqualTo(2);
                    assertThat(p.adopted()).isEqualTo(1);
                    assertThat(p.planned()).isEqualTo(1);
                    assertThat(p.coverage()).isEqualTo(0.5);
                });
        assertThat(board.byProduct())
                .filteredOn(p -> p.product().equals("shop"))
                .singleElement()
                .satisfies(p -> assertThat(p.shared()).isZero());
    }
}
