package io.kizuki.incident.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** incident-service settings ({@code kizuki.*}). */
@ConfigMapping(prefix = "kizuki")
public interface IncidentServiceConfig {

    /** How long an HTTP command waits for its decision before answering 202 (pending). */
    @WithDefault("10s")
    Duration commandTimeout();

    Ingest ingest();

    CommandOutcomes commandOutcomes();

    /** Dev only: an integration with a well-known routing key, seeded at start (refused in production). */
    DevIntegration devIntegration();

    Classification classification();

    /** The dead-man's switch's canary: Kizuki's own synthetic signal through the whole pipeline. */
    Canary canary();

    interface Canary {

        /**
         * How often this instance sends one ({@code KIZUKI_CANARY_EVERY}, e.g. {@code 1m}); none sends no canary. Each
         * adds two small events to the ledger stream {@code service:kizuki}.
         */
        Optional<Duration> every();

        /** How long a canary may take through the pipeline; a later stage does not count, and no heartbeat goes. */
        @WithDefault("2m")
        Duration deadline();
    }

    /** The ledger's checkpoints: the Merkle root of each partition's chained events, every so many or so often. */
    LedgerCheckpoints ledgerCheckpoints();

    interface LedgerCheckpoints {

        @WithDefault("true")
        boolean enabled();

        /** A checkpoint after this many chained events of a partition. */
        @WithDefault("1000")
        int events();

        /** Or once the first event not yet covered is this old, when another arrives. */
        @WithDefault("5m")
        Duration interval();
    }

    interface Ingest {

        RateLimit rateLimit();

        /**
         * The largest request body (a webhook of tens of thousands of alerts fits); a larger one is refused with 413.
         * The HTTP server's limit ({@code quarkus.http.limits.max-body-size}) is set from it.
         */
        @WithDefault("32M")
        MemorySize maxBodySize();

        /** How many signals of a large webhook are written to Kafka at a time; the next batch waits for the acks. */
        @WithDefault("1000")
        int batchSize();

        /**
         * How many webhooks larger than {@code inline-limit} this instance reads at once; one more answers 503 with
         * Retry-After (Alertmanager and Grafana retry it).
         */
        @WithDefault("2")
        int largeWebhooks();

        /** A webhook body up to this size is handled on the I/O thread; a larger one on a worker thread, in batches. */
        @WithDefault("256K")
        MemorySize inlineLimit();

        /** A token bucket per integration and instance. */
        interface RateLimit {

            @WithDefault("50")
            double perSecond();

            @WithDefault("100")
            double burst();
        }
    }

    /** The incident decider keeps each command's outcome, so that a repeated command id gets its first answer. */
    interface CommandOutcomes {

        /** How long an outcome is kept; a command id repeated later is decided again. */
        @WithDefault("24h")
        Duration retention();
    }

    /**
     * Classification rules: a signal's class is its {@code class} label when that names a class, else the first class
     * (in this order) whose pattern (a case-insensitive regular expression) is found in its title, its
     * {@code alertname} label or its service; else {@code other}.
     */
    interface Classification {

        @WithDefault(
                "\\bdown\\b|unreachable|unavailable|not responding|no heartbeat|heartbeat|outage|crash|health.?check|probe fail|instance.?down|target.?missing|absent")
        String serviceDown();

        @WithDefault("latenc|slow|response.?time|duration|p9[059]|timeout|lag\\b")
        String latency();

        @WithDefault("error|fail|exception|5xx|\\b5\\d\\d\\b")
        String errorRate();

        @WithDefault("saturat|cpu|memory|\\bmem\\b|disk|full|quota|throttl|queue|capacity|\\boom|pool|connections|load")
        String saturation();
    }

    interface DevIntegration {

        Optional<String> routingKey();

        @WithDefault("shop")
        String product();
    }
}
