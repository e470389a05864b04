package io.kizuki.incident.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Ingestion's two counters, counted one way by every ingestion path (the gate before the body, the webhooks, the
 * PagerDuty-compatible API, heartbeats): signals accepted by source, and requests refused by source and reason.
 */
@ApplicationScoped
public class IngestionMeters {

    /** Signals accepted, tagged {@code source}. */
    public static final String ACCEPTED = "kizuki.signals.accepted";
    /** Requests refused, tagged {@code source} and {@code reason}. */
    public static final String REJECTED = "kizuki.signals.rejected";

    private final MeterRegistry meters;

    public IngestionMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    public void accepted(String source, int signals) {
        meters.counter(ACCEPTED, "source", source).increment(signals);
    }

    public void rejected(String source, String reason) {
        meters.counter(REJECTED, "source", source, "reason", reason).increment();
    }
}
