package io.kizuki.report.ledger;

import java.time.Clock;
import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kizuki.ledger.StableId;
import io.kizuki.ledger.command.RecordCanary;
import io.kizuki.ledger.event.CanaryPassed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * report-service's stage of the dead-man's switch: once the live read models have committed a batch that holds a
 * canary's {@code decided} stage, it records the {@code projected} stage ({@link RecordCanary}, as its service
 * account), unless the canary's deadline has passed (a projection that lags, or reads old canaries again after a
 * restart, passes nothing on). The send is not waited for: the projection never waits on the canary.
 */
@Singleton
public class CanaryStage {

    private static final Logger LOG = Logger.getLogger(CanaryStage.class);

    private final ServiceCommands commands;
    private final Clock clock;
    private final Counter passed;
    private final Counter late;

    public CanaryStage(ServiceCommands commands, MeterRegistry meters) {
        this.commands = commands;
        this.clock = Clock.systemUTC();
        this.passed = Counter.builder("kizuki.canaries.projected")
                .description("canaries the read models applied")
                .tag("outcome", "passed")
                .register(meters);
        this.late = Counter.builder("kizuki.canaries.projected")
                .description("canaries the read models applied")
                .tag("outcome", "late")
                .register(meters);
    }

    /** The records of a batch the live read models committed. */
    void committed(List<LedgerRecord> records) {
        for (LedgerRecord record : records) {
            if (record.event() instanceof CanaryPassed canary && CanaryPassed.DECIDED.equals(canary.stage())) {
                pass(canary);
            }
        }
    }

    private void pass(CanaryPassed canary) {
        if (!clock.instant().isBefore(canary.deadline())) {
            late.increment();
            return;
        }
        passed.increment();
        var command = new RecordCanary(
                CanaryPassed.STREAM, canary.canaryId(), CanaryPassed.PROJECTED, canary.sentAt(), canary.deadline());
        commands.send(StableId.of(command.type(), canary.canaryId(), CanaryPassed.PROJECTED), command)
                .exceptionally(failure -> {
                    LOG.warnf("could not record canary %s as projected: %s", canary.canaryId(), failure.toString());
                    return null;
                });
    }
}
