package io.kizuki.incident.domain;

/** How a detection changes the set of firing fingerprints of its stream. */
public sealed interface FiringChange {

    /** The alert now fires in the open incident. */
    record Add(String fingerprint) implements FiringChange {}

    /** The alert resolved. */
    record Remove(String fingerprint) implements FiringChange {}

    /** The open incident is over: forget every fingerprint of the stream. */
    record Clear() implements FiringChange {}
}
