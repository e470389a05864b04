package io.kizuki.ledger.command;

/**
 * report-service: an incident like an earlier one whose prevention actions were all done opened; flag it on
 * {@code incidentId}. Sent once for each of the two incidents; a flag already recorded is not recorded again.
 *
 * @param relation  {@link io.kizuki.ledger.event.RecurrenceFlagged#RECURRENCE_OF} or
 *                  {@link io.kizuki.ledger.event.RecurrenceFlagged#RECURRED_AS}
 * @param matchedBy how the two were found alike
 */
public record FlagRecurrence(String incidentId, String otherIncidentId, String relation, String matchedBy)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.flag-recurrence.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
