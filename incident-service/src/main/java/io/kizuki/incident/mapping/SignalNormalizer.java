package io.kizuki.incident.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.web.Problem.FieldError;

/**
 * A producer's format turned into Kizuki's signals, the one shape of every normaliser: Alertmanager's and Grafana's
 * webhooks ({@link AlertmanagerNormalizer}, whose large bodies are also read as a stream), PagerDuty's Events API v2
 * ({@link PagerDutyNormalizer}) and Kizuki's own format ({@link GenericNormalizer}). The request is read first (its
 * JSON, its credential); the normaliser checks every field of what was read and makes the signals, or names every
 * field at fault and makes none. A heartbeat's silence is a detection rule, not a format: the domain's
 * {@code Heartbeat} raises its signals.
 *
 * @param <I> the input as read from the request
 */
public interface SignalNormalizer<I> {

    /** The source its signals carry ({@code kizuki.signals.v1}'s {@code source}, the metrics' tag). */
    String source();

    /** The input's signals as {@code sender} pushed them, or every field at fault (then no signal). */
    Normalized normalize(I input, Sender sender);

    /**
     * Who pushes and when: what normalisation needs besides the input.
     *
     * @param allowedProducts the products the sender may push signals for ({@code *} for all)
     * @param integration     the sender as the signals name it
     */
    record Sender(Set<String> allowedProducts, String integration, Instant receivedAt, Supplier<UUID> ids) {}

    /**
     * What a normaliser made of an input: its signals, or the fields at fault and those naming a product the sender
     * may not push for (either refuses the whole input).
     *
     * @param unlisted how many more fields were at fault than are listed
     */
    record Normalized(List<SignalReceived> signals, List<FieldError> errors, List<FieldError> forbidden, int unlisted) {

        public Normalized {
            signals = List.copyOf(signals);
            errors = List.copyOf(errors);
            forbidden = List.copyOf(forbidden);
        }

        static Normalized of(List<SignalReceived> signals) {
            return new Normalized(signals, List.of(), List.of(), 0);
        }

        static Normalized invalid(List<FieldError> errors) {
            return new Normalized(List.of(), errors, List.of(), 0);
        }

        public boolean valid() {
            return errors.isEmpty() && forbidden.isEmpty();
        }
    }
}
