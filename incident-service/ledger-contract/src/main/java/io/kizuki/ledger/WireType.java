package io.kizuki.ledger;

/** A payload with a fixed, versioned CloudEvents type name. Never derived from a Java class name. */
public interface WireType {

    /** The fixed type name, e.g. {@code kizuki.incident.opened.v1}. */
    String type();
}
