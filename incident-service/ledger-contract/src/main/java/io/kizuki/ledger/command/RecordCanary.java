package io.kizuki.ledger.command;

import java.time.Instant;

/**
 * Record that a canary passed a stage ({@link io.kizuki.ledger.event.CanaryPassed}): sent by the detection decider
 * ({@code decided}) and by report-service once its read models applied that ({@code projected}, which needs the
 * {@code reporter} role).
 *
 * @param stream the canary stream, {@code service:kizuki}
 */
public record RecordCanary(String stream, String canaryId, String stage, Instant sentAt, Instant deadline)
        implements ServiceCommand {

    public static final String TYPE = "kizuki.command.record-canary.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
