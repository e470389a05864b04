package io.kizuki.notify.chat;

import java.util.regex.Pattern;

import io.kizuki.ledger.Severity;

/** What a person asks Kizuki from chat: a button they clicked or a slash command they typed. */
public sealed interface ChatRequest {

    /** An incident id as the API takes it. */
    Pattern INCIDENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** A request about one incident. */
    sealed interface OnIncident extends ChatRequest {
        String incidentId();
    }

    record Acknowledge(String incidentId) implements OnIncident {}

    record Resolve(String incidentId) implements OnIncident {}

    /** "Escalate now": page the next level, from the level the person's page showed. */
    record Escalate(String incidentId, int fromLevel) implements OnIncident {}

    /** "I'll lead": the person takes the incident commander role. */
    record Lead(String incidentId) implements OnIncident {}

    /** A note on the incident's timeline. */
    record Note(String incidentId, String text) implements OnIncident {}

    /** A new incident declared by hand; {@code product} {@code null}: the person's only product. */
    record Declare(Severity severity, String product, String service, String title) implements ChatRequest {}

    /** Who is on call now, in one schedule or all. */
    record OnCall(String schedule) implements ChatRequest {}

    record Help() implements ChatRequest {}
}
