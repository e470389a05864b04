package io.kizuki.notify.paging;

import static io.kizuki.notify.paging.PagingPlanTest.CONFIG;
import static io.kizuki.notify.paging.PagingPlanTest.OPENED_AT;
import static io.kizuki.notify.paging.PagingPlanTest.opened;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;
import io.kizuki.ledger.event.ResponderPaged;

/** An incident kept in notify-service's paging state and read back is the incident that was kept. */
class TrackedSnapshotTest {

    private final ObjectMapper mapper = WireCodec.newMapper();

    @Test
    void anIncidentReadBackFromItsSnapshotPlansPagesAndEscalatesAsTheOriginal() throws Exception {
        var original = new Tracked(opened("checkout", Severity.SEV2));
        List<IncidentEvent> history = List.of(
                new ResponderPaged("inc-1", "shop", "p-1", "pat", "Europe/Berlin", "slack", 1, "c", OPENED_AT),
                new NotificationDelivered(
                        "inc-1",
                        "shop",
                        "ntf:inc-1:1:page:1:slack:team",
                        "slack",
                        "team",
                        "page",
                        1,
                        1,
                        "c",
                        OPENED_AT,
                        null),
                new NotificationFailed(
                        "inc-1",
                        "shop",
                        "ntf:inc-1:1:page:1:email:pat",
                        "email",
                        "pat",
                        "page",
                        1,
                        6,
                        "421 try later",
                        true,
                        "c",
                        OPENED_AT.plusSeconds(20)),
                new IncidentEscalated("inc-1", "shop", 1, 2, "shop", "c", OPENED_AT.plusSeconds(301)));
        history.forEach(original::apply);

        Tracked restored = Tracked.restore(
                mapper.readValue(mapper.writeValueAsBytes(original.snapshot()), Tracked.Snapshot.class));

        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        assertThat(PagingPlan.planned(CONFIG, restored)).isEqualTo(PagingPlan.planned(CONFIG, original));
        assertThat(PagingPlan.escalationDue(CONFIG, restored)).isEqualTo(PagingPlan.escalationDue(CONFIG, original));
        assertThat(restored.retry("ntf:inc-1:1:page:1:email:pat"))
                .isEqualTo(original.retry("ntf:inc-1:1:page:1:email:pat"));
        assertThat(restored.escalationKey()).isEqualTo(original.escalationKey());
    }

    @Test
    void anIncidentReadBackGoesOnWithTheLedgerAfterItAsTheOriginal() throws Exception {
        var original = new Tracked(opened("checkout", Severity.SEV3));
        original.apply(new ResponderPaged("inc-1", "shop", "p-1", "pat", "Europe/Berlin", "email", 1, "c", OPENED_AT));
        Tracked restored = Tracked.restore(
                mapper.readValue(mapper.writeValueAsBytes(original.snapshot()), Tracked.Snapshot.class));
        List<IncidentEvent> after = List.of(
                new IncidentAcknowledged("inc-1", "user:pat", OPENED_AT.plusSeconds(30)),
                new IncidentResolved("inc-1", "user:pat", "manual", OPENED_AT.plusSeconds(90)),
                new IncidentReopened("inc-1", "back", "user:pat", OPENED_AT.plusSeconds(120)),
                new IncidentResolved("inc-1", "user:pat", "manual", OPENED_AT.plusSeconds(200)),
                new IncidentClosed("inc-1", "user:pat", OPENED_AT.plusSeconds(300)));

        after.forEach(event -> {
            original.apply(event);
            restored.apply(event);
        });

        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        assertThat(restored.closed()).isTrue();
        assertThat(PagingPlan.planned(CONFIG, restored)).isEqualTo(PagingPlan.planned(CONFIG, original));
    }

    @Test
    void aSnapshotIsAValueOfItsOwn() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        Tracked.Snapshot before = incident.snapshot();

        incident.apply(new ResponderPaged("inc-1", "shop", "p-1", "pat", "Europe/Berlin", "email", 1, "c", OPENED_AT));
        incident.apply(new IncidentEscalated("inc-1", "shop", 1, 2, "shop", "c", OPENED_AT.plusSeconds(301)));

        assertThat(before.paged()).isEmpty();
        assertThat(before.levelSince()).containsOnlyKeys(1);
        assertThat(incident.snapshot()).isNotEqualTo(before);
    }
}
