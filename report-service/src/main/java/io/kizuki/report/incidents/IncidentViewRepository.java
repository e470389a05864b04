package io.kizuki.report.incidents;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.IncidentStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries over the incidents read model. */
@ApplicationScoped
public class IncidentViewRepository implements PanacheRepositoryBase<IncidentView, String> {

    public Uni<List<IncidentView>> latest(IncidentStatus status, int limit) {
        Sort newestFirst = Sort.descending("openedAt").and("id");
        var query = status == null ? findAll(newestFirst) : find("status", newestFirst, status);
        return query.page(Page.ofSize(limit)).list();
    }

    public Uni<IncidentView> withAlerts(String id) {
        return find("from IncidentView i left join fetch i.alerts where i.id = ?1", id).firstResult();
    }
}
