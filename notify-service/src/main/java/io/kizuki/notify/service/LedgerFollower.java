package io.kizuki.notify.service;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.GroupMembers;
import io.kizuki.ledger.client.RecordTracing;
import io.kizuki.ledger.event.CanaryPassed;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;
import io.kizuki.notify.config.KafkaSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows the ledger for {@link Pager}. The consumer group {@value #GROUP} shares the ledger's partitions among
 * notify-service's instances; an instance that gets a partition starts from the partition's paging state
 * ({@link PagingState}: the tracked incidents as of a ledger offset, written every {@code SNAPSHOT_EVERY} and when
 * the partition is given up) and reads the ledger from that offset (from the beginning without one; only the event
 * types paging needs are decoded). Once it reached the end the partition had when it was assigned, it reconciles
 * every incident of it: pages what is missing and sets the escalation timers. From then on it reconciles the
 * incidents of each batch it reads. The paging state is a cache of the ledger, so a restart (even after
 * {@code kill -9}) neither repeats what ended nor forgets what is due. Offsets are committed only to show the lag.
 * <p>
 * A partition that moves between two running instances (one joins or leaves) is handed over cleanly: the instance
 * that loses it first waits for the deliveries it started there to end and their records to be sent; the instance
 * that gets it first waits until the deciders have decided every command sent to it so far (their committed offset
 * on the commands topic's partition of the same number: the ledger and the commands are keyed alike), so that it
 * reads those records on the ledger before it reconciles. Both waits are bounded.
 */
@ApplicationScoped
public class LedgerFollower {

    public static final String GROUP = "kizuki-notify";
    private static final Logger LOG = Logger.getLogger(LedgerFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    /** How long a lost partition's deliveries may hold the hand-over up. */
    private static final Duration HAND_OVER = Duration.ofSeconds(20);
    /** How long a new partition waits for the deciders to decide the commands sent to it before. */
    private static final Duration DECIDED = Duration.ofSeconds(15);
    /** How often the paging state of the partitions is written (when something changed). */
    static final Duration SNAPSHOT_EVERY = Duration.ofSeconds(5);
    /** The event types paging reads; everything else (alerts above all) is skipped without being decoded. */
    private static final Set<String> PAGING_TYPES = Set.of(
            IncidentOpened.TYPE,
            IncidentAcknowledged.TYPE,
            StatusChanged.TYPE,
            IncidentResolved.TYPE,
            IncidentClosed.TYPE,
            IncidentReopened.TYPE,
            IncidentEscalated.TYPE,
            SeverityChanged.TYPE,
            ResponderPaged.TYPE,
            NotificationDelivered.TYPE,
            NotificationFailed.TYPE,
            RoleAssigned.TYPE,
            TimelineEntryAdded.TYPE);

    private final Pager pager;
    private final OnCallConfigSync sharedConfig;
    private final DeadMansSwitch deadMansSwitch;
    private final Tracer tracer;
    private final KafkaSettings kafka;
    private final DeadLetters deadLetters;
    private final PagingState state;
    /** Per partition, the ledger offset its paging state was last written at. */
    private final Map<Integer, Long> written = new HashMap<>();

    private final WireCodec codec = new WireCodec();
    /** Partitions being read up to this offset before they page. */
    private final Map<TopicPartition, Long> catchingUp = new ConcurrentHashMap<>();
    /** The ledger partitions assigned to this instance. */
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

    private volatile boolean assigned;
    private volatile boolean running = true;
    private volatile boolean stopped;
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** The consumer's own metrics (its lag above all: {@code client_id="kizuki-notify-ledger"}), as Prometheus sees them. */
    private volatile KafkaClientMetrics consumerMetrics;

    private final MeterRegistry meters;
    /**
     * The name this instance is a static member of the group under ({@link GroupMembers}): one killed and started
     * again gets its partitions back as it joins; one killed and not started again gives them to the others when its
     * session times out.
     */
    private final Optional<String> member;

    private volatile Admin admin;
    private Thread thread;

    public LedgerFollower(
            Pager pager,
            KafkaSettings kafka,
            MeterRegistry meters,
            DeadLetters deadLetters,
            PagingState state,
            Tracer tracer,
            DeadMansSwitch deadMansSwitch,
            OnCallConfigSync sharedConfig,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.pager = pager;
        this.sharedConfig = sharedConfig;
        this.member = GroupMembers.name(GROUP, GroupMembers.hostName(), port);
        this.deadMansSwitch = deadMansSwitch;
        this.tracer = tracer;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.state = state;
        this.meters = meters;
        Gauge.builder("kizuki.paging.incidents", pager, Pager::tracked)
                .description("incidents notify-service tracks for paging")
                .register(meters);
        Gauge.builder("kizuki.paging.timers.overdue", pager, Pager::overdueSeconds)
                .description("how late the latest escalation or next-round timer due is; 0 when none is late")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("kizuki.paging.partitions.catching.up", catchingUp, Map::size)
                .description("ledger partitions being read before they page")
                .register(meters);
    }

    /**
     * Starts the follower's thread, which makes its Kafka clients (the start does not wait for them) and reads: right
     * after the on-call configuration's and the shift swaps' readers started, before the other observers of the start,
     * so that its consumer joins the group while the rest of the start runs.
     */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1) StartupEvent started) {
        thread = Thread.ofPlatform().name("kizuki-ledger-follower").start(this::run);
    }

    private void open() {
        admin = Admin.create(kafka.with(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "kizuki-notify-admin")));
        Map<String, Object> own = new HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                GROUP,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "kizuki-notify-ledger",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5_000,
                // an instance that died gives its partitions (and their escalation timers) to the others after
                // 10 s
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                3_000,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"));
        member.ifPresent(name -> own.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, name));
        consumer = new KafkaConsumer<>(kafka.with(own), new StringDeserializer(), new ByteArrayDeserializer());
        consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(meters);
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(HAND_OVER.plusSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumerMetrics != null) {
            consumerMetrics.close();
        }
    }

    /** Whether this instance owns the ledger partition now. */
    public boolean owns(int partition) {
        return owned.contains(partition);
    }

    /** Has partitions and has read each of them up to where it was when assigned. */
    public boolean caughtUp() {
        return assigned && catchingUp.isEmpty() && !stopped;
    }

    /** Whether it still reads the ledger: {@code false} once it stopped on an error it cannot go on after. */
    public boolean alive() {
        return !stopped;
    }

    private void run() {
        try {
            open();
            consumer.subscribe(List.of(Topics.LEDGER), new Rebalance());
            long lastCommit = System.nanoTime();
            long lastSnapshot = System.nanoTime();
            boolean uncommitted = false;
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                uncommitted |= !records.isEmpty();
                Map<Integer, Set<String>> touched = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply(record)
                            .ifPresent(id -> touched.computeIfAbsent(record.partition(), p -> new LinkedHashSet<>())
                                    .add(id));
                }
                touched.forEach((partition, ids) -> {
                    if (!catchingUp.containsKey(new TopicPartition(Topics.LEDGER, partition))) {
                        pager.reconcile(partition, ids);
                    }
                });
                checkCaughtUp();
                if (System.nanoTime() - lastSnapshot > SNAPSHOT_EVERY.toNanos()) {
                    writeState(consumer.assignment());
                    lastSnapshot = System.nanoTime();
                }
                if (uncommitted && System.nanoTime() - lastCommit > COMMIT_EVERY.toNanos()) {
                    consumer.commitAsync();
                    lastCommit = System.nanoTime();
                    uncommitted = false;
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            stopped = true;
            LOG.error(
                    "the ledger follower stopped: notify-service pages nothing until it restarts; it reports itself"
                            + " not live and exits, for its supervisor to start it again",
                    e);
            Quarkus.asyncExit(1);
            throw e;
        } finally {
            // a static member stays in the group when closed unless told to leave: an instance stopped (not killed)
            // hands its partitions over at once
            if (consumer != null) {
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(5)));
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }

    private void checkCaughtUp() {
        for (var entry : Map.copyOf(catchingUp).entrySet()) {
            TopicPartition partition = entry.getKey();
            if (consumer.position(partition) >= entry.getValue()) {
                catchingUp.remove(partition);
                LOG.infof(
                        "read ledger partition %d up to offset %d: paging it", partition.partition(), entry.getValue());
                pager.reconcileAll(partition.partition());
            }
        }
    }

    /**
     * Writes the paging state of the partitions whose incidents changed, or whose position moved, since it was last
     * written, as of where this consumer stands in each (every record before it applied). A failure is logged: the
     * same changes are written the next time, and meanwhile a new owner reads a little more of the ledger.
     */
    private void writeState(Collection<TopicPartition> partitions) {
        Map<Integer, PagingState.Write> writes = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long position = consumer.position(partition);
            Pager.Changes changes = pager.changes(partition.partition());
            if (!changes.isEmpty() || !Long.valueOf(position).equals(written.get(partition.partition()))) {
                writes.put(partition.partition(), new PagingState.Write(position, changes));
            }
        }
        try {
            state.write(writes, consumer.groupMetadata());
            writes.forEach((partition, write) -> {
                pager.written(partition, write.changes());
                written.put(partition, write.offset());
            });
        } catch (KafkaException e) {
            LOG.warnf(
                    "could not write the paging state of ledger partitions %s (%s): tried again in %s",
                    writes.keySet(), e.getMessage(), SNAPSHOT_EVERY);
        }
    }

    /** Hands a record to the pager; one it cannot read or apply is dead-lettered, and the next record follows. */
    private Optional<String> apply(ConsumerRecord<String, byte[]> record) {
        try {
            String type = CloudEventHeaders.type(record.headers());
            if (CanaryPassed.TYPE.equals(type)) {
                codec.decode(CloudEventHeaders.read(record.headers(), record.value()))
                        .filter(CanaryPassed.class::isInstance)
                        .ifPresent(canary -> deadMansSwitch.passed((CanaryPassed) canary, caughtUp()));
                return Optional.empty();
            }
            Optional<IncidentEvent> event = read(type, record);
            if (event.isEmpty()) {
                return Optional.empty();
            }
            // a span per event paging folds in, a child of the decision that wrote it: the parent of its pages
            Span span = RecordTracing.consume(
                    tracer,
                    "apply",
                    event.get().type(),
                    record.topic(),
                    record.partition(),
                    record.key(),
                    record.headers());
            try {
                return pager.apply(
                        record.partition(), event.get(), Context.root().with(span));
            } finally {
                span.end();
            }
        } catch (MalformedRecordException e) {
            deadLetters.send(record, "unreadable: " + e.getMessage());
        } catch (RuntimeException e) {
            deadLetters.send(record, "the pager cannot apply it: " + e);
        }
        return Optional.empty();
    }

    private Optional<IncidentEvent> read(String type, ConsumerRecord<String, byte[]> record) {
        if (type == null || !PAGING_TYPES.contains(type)) {
            return Optional.empty();
        }
        return codec.decode(CloudEventHeaders.read(record.headers(), record.value()))
                .filter(IncidentEvent.class::isInstance)
                .map(IncidentEvent.class::cast);
    }

    /**
     * Waits until the deciders' committed offsets on the commands topics (its own commands' and the people's it
     * relays) reach where they end now, for the partitions of these numbers: every command sent before (by the
     * instance that had them too) is then decided and on the ledger.
     */
    private void awaitDecided(Collection<TopicPartition> ledgerPartitions) {
        List<TopicPartition> commands = ledgerPartitions.stream()
                .flatMap(partition -> Stream.of(Topics.SERVICE_COMMANDS, Topics.COMMANDS)
                        .map(topic -> new TopicPartition(topic, partition.partition())))
                .toList();
        long deadline = System.nanoTime() + DECIDED.toNanos();
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(commands);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> decided = admin.listConsumerGroupOffsets(Topics.DECIDERS)
                        .partitionsToOffsetAndMetadata()
                        .get(DECIDED.toSeconds(), TimeUnit.SECONDS);
                boolean all = ends.entrySet().stream()
                        .allMatch(end -> end.getValue() == 0
                                || (decided.get(end.getKey()) != null
                                        && decided.get(end.getKey()).offset() >= end.getValue()));
                if (all) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    LOG.warnf(
                            "the deciders have not decided every command sent to %s within %s: reading the ledger "
                                    + "anyway",
                            commands, DECIDED);
                    return;
                }
                Thread.sleep(100);
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warnf(
                    "cannot tell whether the deciders have decided the commands sent to %s (%s): reading the "
                            + "ledger anyway",
                    commands, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new partition is read from its beginning; a lost one is forgotten. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                assigned = true;
                return;
            }
            sharedConfig.awaitShared();
            state.open(admin);
            // the paging state is read on a thread of its own while the deciders are asked how far they decided (it
            // is this service's own, final once the partitions' last owner gave them up); the ledger's end offsets
            // are taken only after both
            List<Integer> numbers =
                    partitions.stream().map(TopicPartition::partition).toList();
            CompletableFuture<Map<Integer, PagingState.Restored>> reading =
                    CompletableFuture.supplyAsync(() -> state.read(numbers), task -> Thread.ofPlatform()
                            .daemon()
                            .name("kizuki-paging-state-reader")
                            .start(task));
            awaitDecided(partitions);
            Map<Integer, PagingState.Restored> restored = restored(reading);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                long end = ends.getOrDefault(partition, 0L);
                PagingState.Restored from = restored.get(partition.partition());
                if (from == null || from.offset() > end) {
                    consumer.seekToBeginning(List.of(partition));
                    LOG.infof(
                            "ledger partition %d assigned: reading its %d records before paging",
                            partition.partition(), end);
                } else {
                    pager.restore(partition.partition(), from.incidents());
                    consumer.seek(partition, from.offset());
                    written.put(partition.partition(), from.offset());
                    LOG.infof(
                            "ledger partition %d assigned: %d incidents from its paging state at offset %d, reading "
                                    + "the %d records after it before paging",
                            partition.partition(), from.incidents().size(), from.offset(), end - from.offset());
                }
                catchingUp.put(partition, end);
                owned.add(partition.partition());
            }
            assigned = true;
        }

        private static Map<Integer, PagingState.Restored> restored(
                CompletableFuture<Map<Integer, PagingState.Restored>> reading) {
            try {
                return reading.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            List<Integer> numbers =
                    partitions.stream().map(TopicPartition::partition).toList();
            try {
                if (!pager.awaitDeliveries(numbers, HAND_OVER)) {
                    LOG.warnf(
                            "ledger partitions %s handed over with deliveries still under way: the new owner may "
                                    + "send them again",
                            numbers);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writeState(partitions);
            forget(partitions);
        }

        /** Lost (this instance was thought dead): another may own them already, so nothing is written. */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warnf("ledger partitions %s lost: another instance pages them", partitions);
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> {
                owned.remove(partition.partition());
                catchingUp.remove(partition);
                written.remove(partition.partition());
                pager.forget(partition.partition());
            });
        }
    }
}
