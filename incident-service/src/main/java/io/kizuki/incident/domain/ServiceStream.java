package io.kizuki.incident.domain;

/**
 * The service decider's state of one service stream, folded from its events by {@link ServiceDecider#evolve}. Its
 * JSON is a subset of what the decider stored for a service stream before services had their own aggregate (an
 * incident state without a status), so a state store written then is read as it is.
 *
 * @param id       the stream, {@code service:<name>}
 * @param sequence the sequence number of the last event of the stream
 */
public record ServiceStream(String id, long sequence) {}
