package io.kizuki.ledger.command;

import java.time.Instant;
import java.util.List;

import io.kizuki.ledger.Link;

/**
 * Record a change to a service: a deploy, rollback, config change or feature flag. Changes are kept on the service's
 * own ledger stream and never open incidents.
 *
 * @param stream     the target stream, {@code service:<name>}
 * @param actor      who made the change, as the sender says (a person, a pipeline)
 * @param occurredAt when the change happened
 */
public record RecordChange(
        String stream,
        String changeId,
        String product,
        String service,
        String version,
        String kind,
        String summary,
        List<Link> links,
        String actor,
        Instant occurredAt,
        List<String> allowedProducts)
        implements ServiceCommand {

    public static final String TYPE = "kizuki.command.record-change.v1";
    /** Kinds of change. */
    public static final List<String> KINDS = List.of("deploy", "rollback", "config", "feature-flag");

    @Override
    public String type() {
        return TYPE;
    }
}
