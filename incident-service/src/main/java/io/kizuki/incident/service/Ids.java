package io.kizuki.incident.service;

import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/** Source of fresh ids for accepted signals and commands. */
@ApplicationScoped
public class Ids implements Supplier<UUID> {

    @Override
    public UUID get() {
        return UUID.randomUUID();
    }
}
