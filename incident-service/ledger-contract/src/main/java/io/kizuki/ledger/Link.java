package io.kizuki.ledger;

/**
 * A link a producer gave with a signal, or a responder with a change.
 *
 * @param rel  what it points at: {@code source}, {@code dashboard}, {@code panel}, {@code silence}, {@code image},
 *             {@code runbook}, or the producer's own word
 * @param href the URL
 */
public record Link(String rel, String href) {}
