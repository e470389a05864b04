package io.kizuki.ledger.command;

/**
 * notify-service: the level's timeout passed and the incident is still unacknowledged, so page the next level. The
 * decider accepts it only while the incident is triggered and still at {@code fromLevel}, so a timer that fires twice
 * (a restart, a second instance) escalates once.
 *
 * @param fromLevel the escalation level the incident is at, 1-based
 * @param policy    the escalation policy paging it
 */
public record EscalateIncident(String incidentId, int fromLevel, String policy) implements IncidentCommand {

    public static final String TYPE = "kizuki.command.escalate-incident.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
