package io.kizuki.ledger.event;

import java.time.LocalDate;

/** A prevention action as a published postmortem shares it with other products. */
public record SharedAction(String actionItemId, String title, String owner, LocalDate dueDate, boolean done) {}
