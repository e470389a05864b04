package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * A canary ({@link CanarySent}) passed a stage of the pipeline, recorded on Kizuki's own service stream
 * {@value #STREAM}: {@value #DECIDED} (detection and the incident decider took it, written by the decider),
 * {@value #PROJECTED} (report-service's read models applied the decided stage and said so). Read models and paging
 * take nothing else from it.
 *
 * @param stage    {@value #DECIDED} or {@value #PROJECTED}
 * @param deadline as the canary was sent: after it, no stage counts
 * @param passedAt when the stage was decided
 */
public record CanaryPassed(
        String stream, String canaryId, String stage, Instant sentAt, Instant deadline, Instant passedAt)
        implements ServiceEvent {

    public static final String TYPE = "kizuki.service.canary-passed.v1";
    /** Kizuki's own service stream. */
    public static final String STREAM = "service:kizuki";

    public static final String DECIDED = "decided";
    public static final String PROJECTED = "projected";

    @Override
    public String type() {
        return TYPE;
    }
}
