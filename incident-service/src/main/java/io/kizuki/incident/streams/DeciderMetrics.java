package io.kizuki.incident.streams;

import java.util.EnumMap;
import java.util.Map;

import io.kizuki.ledger.command.CommandResult.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the deciders count, exposed on {@code /q/metrics}. */
final class DeciderMetrics {

    private final Map<Outcome, Counter> decisions = new EnumMap<>(Outcome.class);
    private final MeterRegistry registry;
    private final Counter deadLetters;

    DeciderMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            decisions.put(
                    outcome,
                    Counter.builder("kizuki.decisions")
                            .description("commands decided, by outcome")
                            .tag("outcome", outcome.name().toLowerCase())
                            .register(registry));
        }
        this.deadLetters = Counter.builder("kizuki.dead.letters")
                .description("records sent to kizuki.dead-letters.v1")
                .register(registry);
        FunctionCounter.builder("kizuki.unknown.event.types", WireSupport.CODEC, codec -> codec.unknownTypes())
                .description("records of an unknown type, skipped")
                .register(registry);
    }

    void decided(Outcome outcome) {
        decisions.get(outcome).increment();
    }

    void detected(String commandType) {
        registry.counter("kizuki.detection.commands", "type", commandType).increment();
    }

    void deadLettered() {
        deadLetters.increment();
    }
}
