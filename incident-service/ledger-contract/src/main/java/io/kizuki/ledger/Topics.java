package io.kizuki.ledger;

/** Topic names shared by producers, consumers and tests. See docs/events.md. */
public final class Topics {

    /** The immutable ledger: every fact about every incident. Key = stream id. Retention forever. */
    public static final String LEDGER = "kizuki.ledger.v1";
    /** Every accepted raw signal, normalised, with its original payload. Key = dedup stream key. */
    public static final String SIGNALS = "kizuki.signals.v1";
    /**
     * Commands to incident-service's deciders from people (the API, and chat relaying a person's command) and from
     * detection. Key = target stream id. Short retention.
     */
    public static final String COMMANDS = "kizuki.commands.v1";
    /**
     * The deciders' bulk lane: the commands services send on their own account (notify-service's records of pages
     * and deliveries, its escalations and ended calls; report-service's recurrence flags), so that people's commands
     * on {@link #COMMANDS} never queue behind a storm of them. Same partitions and key as {@link #COMMANDS}. Short
     * retention.
     */
    public static final String SERVICE_COMMANDS = "kizuki.service-commands.v1";
    /** The outcome of every decided command, so that an HTTP caller can answer. Key = target stream id. */
    public static final String COMMAND_RESULTS = "kizuki.command-results.v1";
    /** Internal to incident-service: what the incident decider tells the detection decider. Key = dedup stream key. */
    public static final String DETECTION_FEEDBACK = "kizuki.detection-feedback.v1";
    /** Integrations (producers that push signals with a routing key): compacted, key = integration id, latest state. */
    public static final String INTEGRATIONS = "kizuki.integrations.v1";
    /**
     * The knowledge feed for products that consume events: the learning loop's events (postmortem published,
     * adoption recorded, recurrence flagged) as the ledger has them, written in the same transaction. Key = incident
     * id. Retention forever.
     */
    public static final String KNOWLEDGE = "kizuki.knowledge.v1";
    /**
     * notify-service's paging state: per ledger partition (same partition numbers), what paging knows of each
     * incident it tracks and the ledger offset that holds up to. Compacted; key = incident id or a checkpoint.
     * Internal to notify-service: a cache of the ledger, rebuilt from it when absent.
     */
    public static final String NOTIFY_STATE = "kizuki.notify-state.v1";
    /**
     * notify-service's page numbers: which incident a person's short page number ({@code ack 12} in a text reply)
     * names. Compacted, one partition; key = {@code <person>:<number>}. Internal to notify-service; every instance reads
     * all of it, so a reply that reaches any instance finds its page.
     */
    public static final String PAGE_NUMBERS = "kizuki.notify-page-numbers.v1";
    /**
     * notify-service's hand-off notices sent: a person told that a shift of theirs starts or ends, so that it is told
     * once. Compacted, one partition; key = {@code <schedule>:<person>:<start|end>:<instant>}. Internal to
     * notify-service.
     */
    public static final String HAND_OFFS = "kizuki.notify-hand-offs.v1";
    /**
     * Silences (maintenance windows): each one's latest state — product, service and labels matched, the window, who
     * made it and why, who ended it. Compacted, one partition; written by incident-service's API, read in full by
     * every incident-service instance, which marks matching signals as they are received.
     */
    public static final String SILENCES = "kizuki.silences.v1";
    /**
     * Replays of recorded signals through draft detection rules: each one's latest state (asked, how far it has read,
     * its result or why it failed). Compacted, one partition, key = replay id; every incident-service instance reads
     * it whole.
     */
    public static final String REPLAYS = "kizuki.replays.v1";
    /**
     * notify-service's checks of people's contact methods: the last test notification's outcome per person and way.
     * Compacted, one partition; key = {@code <person>:<way>}. Internal to notify-service.
     */
    public static final String CONTACT_CHECKS = "kizuki.notify-contact-checks.v1";
    /**
     * notify-service's shift swaps: each request that someone take part of a shift, with every step (asked, accepted,
     * declined, cancelled) and its actor. Compacted, one partition; key = the swap's id. Internal to notify-service.
     */
    public static final String SHIFT_SWAPS = "kizuki.notify-shift-swaps.v1";
    /**
     * notify-service's on-call configuration put in force through its admin API, so that every instance pages by it.
     * Compacted, one partition; key {@code current}, value {@code {"yaml", "source", "at"}}. Internal to
     * notify-service.
     */
    public static final String ONCALL_CONFIG = "kizuki.notify-oncall-config.v1";
    /** Records incident-service's deciders could not read, with the reason in a header. */
    public static final String DEAD_LETTERS = "kizuki.dead-letters.v1";
    /**
     * incident-service's Kafka Streams application id: the deciders' consumer group (its committed offsets on
     * {@link #COMMANDS} say which commands are decided and on the ledger) and the prefix of their internal topics.
     */
    public static final String DECIDERS = "kizuki-incident-service";

    private Topics() {}
}
