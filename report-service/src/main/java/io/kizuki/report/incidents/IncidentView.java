package io.kizuki.report.incidents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;

/** The incidents read model: one row per incident, as of its last applied event. */
@Entity
@Table(name = "incident_view")
public class IncidentView {

    @Id
    @Column(length = 128)
    public String id;

    public String title;
    public String product;
    public String service;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    public IncidentStatus status;

    @Column(name = "dedup_key")
    public String dedupKey;

    public String source;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "resolved_by")
    public String resolvedBy;

    public String resolution;

    /** The class of the opening signal: service-down, latency, error-rate, saturation, other. */
    @Column(name = "incident_class")
    public String incidentClass;

    /** The earlier incident of the same dedup stream this one recurs, if any. */
    @Column(name = "recurrence_of", length = 128)
    public String recurrenceOf;

    /** What the declaring responder wrote; null for detected incidents. */
    @Column(length = 4000)
    public String summary;

    /** Who leads the response. */
    public String commander;

    @Column(name = "closed_at")
    public Instant closedAt;

    /** The producer's latest warning about this incident's alerts (e.g. alerts it truncated). */
    @Column(length = 1000)
    public String warning;

    /** The sequence of the last event applied: also the incident's ETag on incident-service. */
    public long sequence;

    @OneToMany(mappedBy = "incident", cascade = CascadeType.ALL, fetch = FetchType.LAZY)
    @OrderBy("attachedAt")
    public List<AlertView> alerts = new ArrayList<>();
}
