package io.kizuki.ledger.event;

import java.time.Instant;

import io.kizuki.ledger.WireType;

/**
 * Kizuki's own synthetic signal, on {@code kizuki.signals.v1} keyed {@value #KEY}: written by incident-service's
 * ingestion every so often, it travels the pipeline a signal travels (detection, the deciders, the ledger, the read
 * models, paging) as {@link CanaryPassed} stages, and notify-service sends the dead-man's switch heartbeat for it only
 * when the last stage arrives before {@code deadline}. It never opens an incident.
 *
 * @param canaryId unique per canary
 * @param instance the incident-service instance that sent it
 * @param deadline after this instant no stage of the canary counts: the pipeline was too slow
 */
public record CanarySent(String canaryId, String instance, Instant sentAt, Instant deadline) implements WireType {

    public static final String TYPE = "kizuki.canary.sent.v1";
    /** The record key of every canary on the signals topic. */
    public static final String KEY = "kizuki:canary";

    @Override
    public String type() {
        return TYPE;
    }
}
