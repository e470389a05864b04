package io.kizuki.incident.domain;

import io.kizuki.ledger.event.SignalReceived;

/**
 * How a detection changes the firing fingerprints of its stream: those of its open incident, and those a silence keeps
 * from opening one.
 */
public sealed interface FiringChange {

    /** The alert now fires in the open incident. */
    record Add(String fingerprint) implements FiringChange {}

    /** The alert resolved. */
    record Remove(String fingerprint) implements FiringChange {}

    /** The open incident is over: forget every fingerprint of the stream. */
    record Clear() implements FiringChange {}

    /** The alert fires, but the silence it was received with ({@code silencedBy}) keeps it from opening an incident. */
    record Suppressed(SignalReceived signal) implements FiringChange {}

    /** The alert is no longer suppressed by that silence: it resolved, or came again unsilenced. */
    record Lifted(String fingerprint, String silenceId) implements FiringChange {}
}
