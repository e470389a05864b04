package io.kizuki.report.metrics;

import java.time.Instant;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;

/**
 * What any definition of MTTA and MTTR is measured from, folded from an incident's ledger events: when it opened
 * (and whether by hand), was first paged, first acknowledged (or first set to a working status, as the metrics read
 * model counts it), first mitigated ({@code monitoring}) and last resolved.
 */
public record IncidentTimes(
        String incidentId,
        String product,
        String service,
        Severity severity,
        String incidentClass,
        boolean declared,
        Instant openedAt,
        Instant firstPagedAt,
        Instant acknowledgedAt,
        Instant mitigatedAt,
        Instant resolvedAt) {

    /** How an event moves the times; {@code null}: not opened (yet). */
    public static IncidentTimes evolve(IncidentTimes times, IncidentEvent event) {
        if (event instanceof IncidentOpened o) {
            return times != null
                    ? times
                    : new IncidentTimes(
                            o.incidentId(),
                            o.product(),
                            o.service(),
                            o.severity(),
                            o.signalClass(),
                            IncidentOpened.MANUAL.equals(o.source()),
                            o.openedAt(),
                            null,
                            null,
                            null,
                            null);
        }
        if (times == null) {
            return null;
        }
        return switch (event) {
            case ResponderPaged p ->
                times.firstPagedAt != null
                        ? times
                        : times.with(
                                times.severity, p.pagedAt(), times.acknowledgedAt, times.mitigatedAt, times.resolvedAt);
            case IncidentAcknowledged a ->
                times.acknowledgedAt != null
                        ? times
                        : times.with(
                                times.severity,
                                times.firstPagedAt,
                                a.acknowledgedAt(),
                                times.mitigatedAt,
                                times.resolvedAt);
            case StatusChanged s -> {
                Instant acknowledged = times.acknowledgedAt != null || s.to() == IncidentStatus.TRIGGERED
                        ? times.acknowledgedAt
                        : s.changedAt();
                Instant mitigated = times.mitigatedAt == null && s.to() == IncidentStatus.MONITORING
                        ? s.changedAt()
                        : times.mitigatedAt;
                yield times.with(times.severity, times.firstPagedAt, acknowledged, mitigated, times.resolvedAt);
            }
            case IncidentResolved r ->
                times.with(times.severity, times.firstPagedAt, times.acknowledgedAt, times.mitigatedAt, r.resolvedAt());
            case IncidentReopened r ->
                times.with(times.severity, times.firstPagedAt, times.acknowledgedAt, times.mitigatedAt, null);
            case SeverityChanged s ->
                times.with(s.to(), times.firstPagedAt, times.acknowledgedAt, times.mitigatedAt, times.resolvedAt);
            default -> times;
        };
    }

    private IncidentTimes with(
            Severity newSeverity, Instant paged, Instant acknowledged, Instant mitigated, Instant resolved) {
        return new IncidentTimes(
                incidentId,
                product,
                service,
                newSeverity,
                incidentClass,
                declared,
                openedAt,
                paged,
                acknowledged,
                mitigated,
                resolved);
    }
}
