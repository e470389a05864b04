package io.kizuki.report.incidents;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An alert attached to an incident. */
@Entity
@Table(name = "incident_alert_view")
public class AlertView {

    @Id
    @Column(name = "signal_id", length = 64)
    public String signalId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "incident_id")
    public IncidentView incident;

    public String fingerprint;
    public String title;

    @Column(name = "attached_at")
    public Instant attachedAt;
}
