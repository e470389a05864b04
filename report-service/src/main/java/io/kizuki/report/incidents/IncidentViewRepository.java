package io.kizuki.report.incidents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.report.security.ProductScope;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries over the incidents read model. */
@ApplicationScoped
public class IncidentViewRepository implements PanacheRepositoryBase<IncidentView, String> {

    /** The newest incidents of the scope's products, optionally of one status. */
    public Uni<List<IncidentView>> latest(ProductScope scope, IncidentStatus status, int limit) {
        if (!scope.all() && scope.products().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Sort newestFirst = Sort.descending("openedAt").and("id");
        Map<String, Object> params = new HashMap<>();
        List<String> where = new ArrayList<>();
        if (!scope.all()) {
            where.add("product in :products");
            params.put("products", scope.products());
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        var query = where.isEmpty() ? findAll(newestFirst) : find(String.join(" and ", where), newestFirst, params);
        return query.page(Page.ofSize(limit)).list();
    }

    public Uni<IncidentView> withAlerts(String id) {
        return find("from IncidentView i left join fetch i.alerts where i.id = ?1", id).firstResult();
    }
}
