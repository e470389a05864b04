package io.kizuki.incident.domain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.LedgerCommand;
import io.kizuki.ledger.event.LedgerEvent;

/** What the deciders answer, said one way. */
final class Decisions {

    private Decisions() {}

    static boolean allowed(LedgerCommand command, String product) {
        return command.allowedProducts() == null
                || command.allowedProducts().contains(IncidentDecider.ALL_PRODUCTS)
                || command.allowedProducts().contains(product);
    }

    static Rejected forbidden(String product) {
        return new Rejected(Outcome.FORBIDDEN, "the caller may not act on product " + product);
    }

    static String word(IncidentStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static Accepted accept(LedgerEvent event) {
        return new Accepted(List.of(Objects.requireNonNull(event)));
    }

    static Rejected conflict(String detail) {
        return new Rejected(Outcome.CONFLICT, detail);
    }
}
