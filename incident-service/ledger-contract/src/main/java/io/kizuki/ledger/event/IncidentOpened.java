package io.kizuki.ledger.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;

/**
 * A new incident was opened: from a signal whose dedup key had no open incident, or declared by a responder.
 *
 * @param source        the producer format of the first signal, or {@code manual} for a declared incident
 * @param firstSignalId the signal that opened it; {@code null} when declared
 * @param recurrenceOf  the earlier incident of the same dedup stream, resolved before this one opened, or {@code null}
 * @param signalClass   the classification of the first signal ({@code service-down}, {@code latency},
 *                      {@code error-rate}, {@code saturation}, {@code other}); JSON {@code class}
 * @param links         the first signal's links
 * @param summary       what the declaring responder wrote; {@code null} for detected incidents
 */
public record IncidentOpened(
        String incidentId,
        String title,
        String product,
        String service,
        Severity severity,
        String dedupKey,
        String source,
        String firstSignalId,
        Instant openedAt,
        String recurrenceOf,
        @JsonProperty("class") String signalClass,
        List<Link> links,
        String summary)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.opened.v1";
    public static final String MANUAL = "manual";

    public IncidentOpened {
        links = links == null ? List.of() : List.copyOf(links);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
