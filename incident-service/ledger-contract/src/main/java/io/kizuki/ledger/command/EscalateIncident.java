package io.kizuki.ledger.command;

import java.util.List;

/**
 * Page the next level of the escalation policy now. notify-service sends it when the level's timeout passed and the
 * incident is still unacknowledged; a responder sends it from a page ("Escalate now", relayed from chat). The
 * decider accepts it only while the incident is triggered and still at {@code fromLevel}, so a timer that fires twice
 * (a restart, a second instance) or a second click on the same page escalates once.
 *
 * @param fromLevel       the escalation level the incident is at, 1-based
 * @param policy          the escalation policy paging it; {@code null} from a person: the policy stays the one paging
 * @param allowedProducts the products a person may act on; {@code null} for notify-service's own timers
 */
public record EscalateIncident(String incidentId, int fromLevel, String policy, List<String> allowedProducts)
        implements IncidentCommand {

    public static final String TYPE = "kizuki.command.escalate-incident.v1";

    /** notify-service's escalation when a level times out. */
    public EscalateIncident(String incidentId, int fromLevel, String policy) {
        this(incidentId, fromLevel, policy, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
