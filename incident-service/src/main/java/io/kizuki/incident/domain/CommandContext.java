package io.kizuki.incident.domain;

import java.time.Instant;

/** Who sent a command and when: what the decider needs besides the command itself. */
public record CommandContext(String commandId, String actor, Instant time) {}
