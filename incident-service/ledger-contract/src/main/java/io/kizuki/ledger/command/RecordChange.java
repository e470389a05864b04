package io.kizuki.ledger.command;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.kizuki.ledger.Link;

/**
 * Record a change to a service: a deploy, rollback, config change or feature flag. Changes are kept on the service's
 * own ledger stream, {@code service:<name>} (JSON {@code stream}), and never open incidents.
 *
 * @param incidentId the target stream, {@code service:<name>}
 * @param actor      who made the change, as the sender says (a person, a pipeline)
 * @param occurredAt when the change happened
 */
public record RecordChange(@JsonProperty("stream") String incidentId, String changeId, String product,
        String service, String version, String kind, String summary, List<Link> links, String actor,
        Instant occurredAt, List<String> allowedProducts) implements IncidentCommand {

    public static final String TYPE = "kizuki.command.record-change.v1";
    /** Kinds of change. */
    public static final List<String> KINDS = List.of("deploy", "rollback", "config", "feature-flag");
    /** The prefix of a service's ledger stream. */
    public static final String STREAM_PREFIX = "service:";

    @Override
    public String type() {
        return TYPE;
    }
}
