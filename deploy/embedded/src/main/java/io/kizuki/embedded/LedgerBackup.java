package io.kizuki.embedded;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.ledger.LedgerVerifier;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.client.ChainCheck;

/**
 * Backup and restore of what Kizuki cannot derive: the ledger, the signals it was decided from, the integrations,
 * the knowledge feed and the dead letters (each whole: records with keys, headers, timestamps, in partition order),
 * plus the incident deciders' state (their changelog topics), where their consumer group stands on each input, and
 * the commands and detection feedback they have not decided yet. Read models are not in it: they rebuild from the
 * ledger.
 * <p>
 * The deciders must not run during either: a backup refuses while the group {@value #DECIDERS} has members (their
 * state would move while it is copied), a restore refuses a target whose topics hold anything. A restore writes the
 * records into the same partitions in the same order and sets the group's offsets to the same places, so the deciders
 * go on from their restored state and never decide a restored signal or command a second time.
 * <p>
 * The file is gzip-compressed JSON Lines: a header (format, topics with partitions and configs, group offsets), one
 * line per record, and a trailer with the count per partition, which a restore checks before it writes anything.
 */
public final class LedgerBackup {

    public static final String FORMAT = "kizuki-backup/1";
    /** incident-service's Kafka Streams application id: its consumer group and the prefix of its internal topics. */
    public static final String DECIDERS = Topics.DECIDERS;
    /** Kept whole. */
    static final List<String> LOGS = List.of(
            Topics.LEDGER, Topics.SIGNALS, Topics.INTEGRATIONS, Topics.SILENCES, Topics.KNOWLEDGE, Topics.DEAD_LETTERS);
    /** The deciders' inputs that are not kept whole: only what the deciders have not read yet. */
    static final List<String> PENDING = List.of(Topics.COMMANDS, Topics.SERVICE_COMMANDS, Topics.DETECTION_FEEDBACK);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MEMBERS_GONE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a backup or restore did: records per topic, and the ledger's hash chains verified as they were copied
     * ({@code null} for a backup made before the ledger was chained, restored).
     */
    public record Summary(Map<String, Long> records, LedgerVerifier.Report chain) {

        public long total() {
            return records.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            records.forEach((topic, count) ->
                    text.append("  ").append(topic).append(": ").append(count).append(" records\n"));
            text.append("  total: ").append(total()).append(" records");
            if (chain != null) {
                text.append("\n  ledger: ")
                        .append(chain.chained())
                        .append(" events chained, ")
                        .append(chain.unchained())
                        .append(" written before the chain began, ")
                        .append(chain.checkpoints())
                        .append(" checkpoints checked; ")
                        .append(chain.holds() ? "every chain and checkpoint holds" : "BROKEN: " + chain.broken());
            }
            return text.toString();
        }
    }

    private final Map<String, Object> clientConfig;

    /**
     * @param clientConfig Kafka client settings: {@code bootstrap.servers}, and for a secured cluster its
     *                     {@code security.protocol}, {@code sasl.*}, {@code ssl.*}
     */
    public LedgerBackup(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
    }

    public static LedgerBackup of(String bootstrapServers) {
        return new LedgerBackup(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    // ------------------------------------------------------------------------------------------------ backup

    /** Writes the backup to {@code file} (through a temporary file beside it, so a failed backup leaves nothing). */
    public Summary backup(Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Admin admin = Admin.create(clientConfig)) {
            refuseWhileDecidersRun(admin);
            Map<TopicPartition, Long> committed = committedOffsets(admin);
            List<String> topics = new ArrayList<>(LOGS);
            topics.addAll(PENDING);
            admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(DECIDERS + "-") && name.endsWith("-changelog"))
                    .sorted()
                    .forEach(topics::add);
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(topics).allTopicNames().get();
            Map<String, Map<String, String>> configs = topicConfigs(admin, topics);

            ObjectNode header = JSON.createObjectNode()
                    .put("format", FORMAT)
                    .put("createdAt", Instant.now().toString());
            ArrayNode topicNodes = header.putArray("topics");
            for (String topic : topics) {
                ObjectNode node = topicNodes
                        .addObject()
                        .put("name", topic)
                        .put("partitions", descriptions.get(topic).partitions().size())
                        .put("pendingOnly", PENDING.contains(topic));
                configs.get(topic).forEach(node.putObject("configs")::put);
            }
            ObjectNode offsets = header.putObject("groupOffsets").putObject(DECIDERS);
            committed.forEach((tp, offset) ->
                    offsets.withObjectProperty(tp.topic()).put(Integer.toString(tp.partition()), offset));

            Map<String, Long> counts = new LinkedHashMap<>();
            LedgerVerifier.Report chain;
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                    new GZIPOutputStream(Files.newOutputStream(partial)), StandardCharsets.UTF_8))) {
                line(out, header);
                ObjectNode perPartition = JSON.createObjectNode();
                LedgerRoots ledger = new LedgerRoots();
                for (String topic : topics) {
                    int partitions = descriptions.get(topic).partitions().size();
                    for (int partition = 0; partition < partitions; partition++) {
                        TopicPartition tp = new TopicPartition(topic, partition);
                        long from = PENDING.contains(topic) ? committed.getOrDefault(tp, 0L) : 0L;
                        long copied = copyPartition(tp, from, out, Topics.LEDGER.equals(topic) ? ledger : null);
                        perPartition.withObjectProperty(topic).put(Integer.toString(partition), copied);
                        counts.merge(topic, copied, Long::sum);
                    }
                }
                ObjectNode trailer = JSON.createObjectNode();
                trailer.set("end", perPartition);
                trailer.set("ledgerRoots", JSON.valueToTree(ledger.roots()));
                trailer.set("ledgerChain", JSON.valueToTree(ledger.chain()));
                line(out, trailer);
                chain = ledger.chain();
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(counts, chain);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                System.err.println("cannot delete " + partial + ": " + e.getMessage());
            }
        }
    }

    /**
     * Waits until the deciders' group has no member, as long as a stopped instance can stay in it (Kafka Streams does
     * not leave the group when it stops: its members go at the end of their session timeout, 10 s for
     * incident-service, Kafka's default 45 s), and refuses after that.
     */
    private static void refuseWhileDecidersRun(Admin admin) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + MEMBERS_GONE.toNanos();
        boolean told = false;
        while (true) {
            int members = members(admin);
            if (members == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("incident-service is running (" + members + " member(s) in "
                        + "consumer group " + DECIDERS + "): stop it first, so that its deciders' state does not "
                        + "move while it is copied");
            }
            if (!told) {
                System.out.println("Waiting for consumer group " + DECIDERS + " to have no member (up to "
                        + MEMBERS_GONE.toSeconds() + " s: a stopped incident-service leaves it at its session "
                        + "timeout)…");
                told = true;
            }
            Thread.sleep(1_000);
        }
    }

    private static int members(Admin admin) throws InterruptedException, ExecutionException {
        try {
            ConsumerGroupDescription group =
                    admin.describeConsumerGroups(List.of(DECIDERS)).all().get().get(DECIDERS);
            return group == null ? 0 : group.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, Long> offsets = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(DECIDERS)
                .partitionsToOffsetAndMetadata()
                .get();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                offsets.put(tp, offset.offset());
            }
        });
        return offsets;
    }

    /** The configs set on each topic (not the broker's defaults), so that a restore creates them alike. */
    private static Map<String, Map<String, String>> topicConfigs(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList();
        Map<ConfigResource, Config> described =
                admin.describeConfigs(resources).all().get();
        Map<String, Map<String, String>> configs = new HashMap<>();
        described.forEach((resource, config) -> {
            Map<String, String> set = new TreeMap<>();
            for (ConfigEntry entry : config.entries()) {
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && entry.value() != null) {
                    set.put(entry.name(), entry.value());
                }
            }
            configs.put(resource.name(), set);
        });
        return configs;
    }

    private long copyPartition(TopicPartition tp, long from, BufferedWriter out, LedgerRoots ledger)
            throws IOException {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        long copied = 0;
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
            long start = Math.max(
                    from, consumer.beginningOffsets(List.of(tp), TIMEOUT).get(tp));
            if (start >= end) {
                return 0;
            }
            consumer.seek(tp, start);
            while (consumer.position(tp, TIMEOUT) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end) {
                        break;
                    }
                    line(out, recordNode(record));
                    if (ledger != null) {
                        ledger.add(record.partition(), record.offset(), record.headers(), record.value());
                    }
                    copied++;
                }
            }
        }
        return copied;
    }

    private static ObjectNode recordNode(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode node = JSON.createObjectNode()
                .put("t", record.topic())
                .put("p", record.partition())
                .put("o", record.offset())
                .put("ts", record.timestamp());
        node.put("k", base64(record.key()));
        node.put("v", base64(record.value()));
        ArrayNode headers = node.putArray("h");
        for (Header header : record.headers()) {
            headers.addArray().add(header.key()).add(base64(header.value()));
        }
        return node;
    }

    // ----------------------------------------------------------------------------------------------- restore

    /**
     * Restores a backup into a Kafka cluster whose Kizuki topics are empty or missing (missing ones are created as
     * they were), with incident-service not running, and sets the deciders' group offsets.
     */
    public Summary restore(Path file) {
        Contents contents = check(file);
        try (Admin admin = Admin.create(clientConfig)) {
            refuseWhileDecidersRun(admin);
            prepareTopics(admin, contents);
            Map<TopicPartition, Long> newOffsets = new HashMap<>();
            Map<TopicPartition, TreeMap<Long, Long>> moved = new HashMap<>();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Contents.Topic topic : contents.topics()) {
                counts.put(topic.name(), 0L);
            }
            Map<String, Object> config = new HashMap<>(clientConfig);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
                    BufferedReader in = reader(file)) {
                in.readLine();
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                List<Long> originals = new ArrayList<>();
                List<TopicPartition> partitions = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode node = JSON.readTree(line);
                    if (node.has("end")) {
                        break;
                    }
                    TopicPartition tp = new TopicPartition(
                            node.get("t").asText(), node.get("p").asInt());
                    var record = new ProducerRecord<>(
                            tp.topic(),
                            tp.partition(),
                            node.get("ts").asLong(),
                            unbase64(node.get("k")),
                            unbase64(node.get("v")));
                    for (JsonNode pair : node.get("h")) {
                        record.headers().add(pair.get(0).asText(), unbase64(pair.get(1)));
                    }
                    sent.add(producer.send(record));
                    originals.add(node.get("o").asLong());
                    partitions.add(tp);
                    counts.merge(tp.topic(), 1L, Long::sum);
                    if (sent.size() >= 5_000) {
                        settle(sent, originals, partitions, moved, newOffsets);
                    }
                }
                settle(sent, originals, partitions, moved, newOffsets);
            }
            setGroupOffsets(admin, contents, moved, newOffsets);
            return new Summary(counts, contents.chain());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the records sent so far and notes, per partition, where each original offset went. */
    private static void settle(
            List<Future<RecordMetadata>> sent,
            List<Long> originals,
            List<TopicPartition> partitions,
            Map<TopicPartition, TreeMap<Long, Long>> moved,
            Map<TopicPartition, Long> ends)
            throws InterruptedException, ExecutionException {
        for (int i = 0; i < sent.size(); i++) {
            RecordMetadata metadata = sent.get(i).get();
            TopicPartition tp = partitions.get(i);
            moved.computeIfAbsent(tp, ignored -> new TreeMap<>()).put(originals.get(i), metadata.offset());
            ends.merge(tp, metadata.offset() + 1, Math::max);
        }
        sent.clear();
        originals.clear();
        partitions.clear();
    }

    /**
     * The deciders' committed offset on each input partition, moved to the restored topic: to the new offset of the
     * first record at or after it, or to the end when the deciders had read everything the backup holds.
     */
    private static void setGroupOffsets(
            Admin admin,
            Contents contents,
            Map<TopicPartition, TreeMap<Long, Long>> moved,
            Map<TopicPartition, Long> ends)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        contents.groupOffsets().forEach((tp, original) -> {
            TreeMap<Long, Long> positions = moved.getOrDefault(tp, new TreeMap<>());
            Map.Entry<Long, Long> next = positions.ceilingEntry(original);
            offsets.put(tp, new OffsetAndMetadata(next != null ? next.getValue() : ends.getOrDefault(tp, 0L)));
        });
        if (!offsets.isEmpty()) {
            admin.alterConsumerGroupOffsets(DECIDERS, offsets).all().get();
        }
    }

    private void prepareTopics(Admin admin, Contents contents) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<String> problems = new ArrayList<>();
        for (Contents.Topic topic : contents.topics()) {
            if (!existing.contains(topic.name())) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) -1)
                                    .configs(topic.configs())))
                            .all()
                            .get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                continue;
            }
            int partitions = admin.describeTopics(List.of(topic.name()))
                    .allTopicNames()
                    .get()
                    .get(topic.name())
                    .partitions()
                    .size();
            if (partitions != topic.partitions()) {
                problems.add(topic.name() + " has " + partitions + " partitions, the backup " + topic.partitions()
                        + " (a key must land on the same partition)");
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic.name(), p), OffsetSpec.earliest());
            }
            var ends = admin.listOffsets(latest).all().get();
            var starts = admin.listOffsets(earliest).all().get();
            long held = ends.entrySet().stream()
                    .mapToLong(
                            e -> e.getValue().offset() - starts.get(e.getKey()).offset())
                    .sum();
            if (held > 0) {
                problems.add(topic.name() + " is not empty (" + held + " records)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cannot restore into this cluster; nothing was written:\n  "
                    + String.join("\n  ", problems) + "\nRestore into an empty Kizuki (a new data directory, or "
                    + "deploy/local/up --reset).");
        }
    }

    /** What a backup file holds, read from its header once the file is known to be whole. */
    record Contents(List<Topic> topics, Map<TopicPartition, Long> groupOffsets, LedgerVerifier.Report chain) {

        record Topic(String name, int partitions, Map<String, String> configs) {}
    }

    /** Reads the whole file once: format, JSON of every line, and the count per partition against the trailer. */
    static Contents check(Path file) {
        try (BufferedReader in = reader(file)) {
            String first = in.readLine();
            JsonNode header = first == null ? null : JSON.readTree(first);
            if (header == null || !FORMAT.equals(header.path("format").asText())) {
                throw new IllegalArgumentException(file + " is not a Kizuki backup (" + FORMAT + ")");
            }
            Map<String, Long> counted = new HashMap<>();
            JsonNode end = null;
            JsonNode trailer = null;
            LedgerRoots ledger = new LedgerRoots();
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                if (node.has("end")) {
                    end = node.get("end");
                    trailer = node;
                    break;
                }
                counted.merge(node.get("t").asText() + "/" + node.get("p").asInt(), 1L, Long::sum);
                if (Topics.LEDGER.equals(node.get("t").asText())) {
                    RecordHeaders headers = new RecordHeaders();
                    for (JsonNode pair : node.get("h")) {
                        headers.add(pair.get(0).asText(), unbase64(pair.get(1)));
                    }
                    ledger.add(node.get("p").asInt(), node.get("o").asLong(), headers, unbase64(node.get("v")));
                }
            }
            if (end == null) {
                throw new IllegalArgumentException(file + " is cut short: it has no trailer; nothing was written");
            }
            Map<String, Long> expected = new HashMap<>();
            end.properties().forEach(topic -> topic.getValue().properties().forEach(partition -> {
                if (partition.getValue().asLong() > 0) {
                    expected.put(
                            topic.getKey() + "/" + partition.getKey(),
                            partition.getValue().asLong());
                }
            }));
            if (!expected.equals(counted)) {
                throw new IllegalArgumentException(
                        file + " does not hold the records its trailer counts; nothing " + "was written");
            }
            LedgerVerifier.Report chain = null;
            if (trailer.has("ledgerRoots")) {
                Map<String, String> roots = new TreeMap<>();
                trailer.get("ledgerRoots")
                        .properties()
                        .forEach(
                                root -> roots.put(root.getKey(), root.getValue().asText()));
                if (!roots.equals(ledger.roots())) {
                    throw new IllegalArgumentException(file + ": the ledger it holds does not match the roots it was "
                            + "written with (changed since the backup); nothing was written");
                }
                chain = ledger.chain();
                if (!chain.holds() && trailer.path("ledgerChain").path("broken").isNull()) {
                    throw new IllegalArgumentException(file + ": the ledger it holds breaks its hash chain at "
                            + chain.broken() + "; nothing was written");
                }
            }
            List<Contents.Topic> topics = new ArrayList<>();
            for (JsonNode topic : header.get("topics")) {
                Map<String, String> configs = new TreeMap<>();
                topic.path("configs")
                        .properties()
                        .forEach(e -> configs.put(e.getKey(), e.getValue().asText()));
                topics.add(new Contents.Topic(
                        topic.get("name").asText(), topic.get("partitions").asInt(), configs));
            }
            Map<TopicPartition, Long> groupOffsets = new HashMap<>();
            header.path("groupOffsets").path(DECIDERS).properties().forEach(topic -> topic.getValue()
                    .properties()
                    .forEach(p -> groupOffsets.put(
                            new TopicPartition(topic.getKey(), Integer.parseInt(p.getKey())),
                            p.getValue().asLong())));
            return new Contents(topics, groupOffsets, chain);
        } catch (ZipException | JsonProcessingException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(file + " is not a Kizuki backup (" + FORMAT + "): " + why, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8));
    }

    private static void line(BufferedWriter out, JsonNode node) throws IOException {
        out.write(JSON.writeValueAsString(node));
        out.write('\n');
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unbase64(JsonNode node) {
        return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
    }

    /**
     * {@code LedgerBackup backup|restore FILE --bootstrap-servers HOST:PORT [--client-config FILE]}, the client config
     * being a properties file with the cluster's security settings as Kafka's own tools take it; or
     * {@code LedgerBackup backup FILE --data DIR}: the backup of a stopped local stack's data directory (its Kafka is
     * started alone for it); or {@code LedgerBackup verify} and the same options: the ledger's hash chains verified
     * (exit 1 when one breaks).
     */
    public static void main(String[] args) throws IOException {
        boolean verify = args.length >= 1 && "verify".equals(args[0]);
        if (!verify && (args.length < 2 || !List.of("backup", "restore").contains(args[0]))) {
            usage("");
        }
        Map<String, Object> config = new HashMap<>();
        Path data = null;
        for (int i = verify ? 1 : 2; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (value == null ? "" : args[i]) {
                case "--bootstrap-servers" -> config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, value);
                case "--data" -> data = Path.of(value);
                case "--client-config" -> {
                    Properties properties = new Properties();
                    try (var in = Files.newBufferedReader(Path.of(value))) {
                        properties.load(in);
                    }
                    properties.forEach((key, v) -> config.put((String) key, v));
                }
                default -> usage("unknown or incomplete option " + args[i]);
            }
        }
        if (data == null && !config.containsKey(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            usage("--bootstrap-servers or --data is required");
        }
        Path file = verify ? null : Path.of(args[1]);
        EmbeddedKafka local = null;
        boolean failed = false;
        try {
            if (data != null) {
                if (!Files.exists(data.resolve("kafka/logs/meta.properties"))) {
                    throw new IllegalArgumentException(data + " holds no Kizuki data (no kafka/logs in it)");
                }
                local = EmbeddedKafka.start(Ports.free(), data.resolve("kafka"));
                config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers());
            }
            if (verify) {
                LedgerVerifier.Report report = ChainCheck.verify(config, Topics.LEDGER, null, null);
                System.out.println("Verified " + Topics.LEDGER + ": " + report.records() + " records of "
                        + report.streams() + " streams, " + report.chained() + " chained, " + report.unchained()
                        + " written before the chain began; " + report.checkpoints() + " checkpoints checked, "
                        + report.checkpointsSkipped() + " skipped (naming events before the first read)");
                System.out.println(
                        report.holds() ? "Every chain and checkpoint holds." : "BROKEN at " + report.broken());
                failed = !report.holds();
            } else {
                var tool = new LedgerBackup(config);
                Summary summary = "backup".equals(args[0]) ? tool.backup(file) : tool.restore(file);
                System.out.println(
                        ("backup".equals(args[0]) ? "Backed up to " : "Restored from ") + file + ":\n" + summary);
            }
        } catch (RuntimeException e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            failed = true;
        } finally {
            if (local != null) {
                local.close();
            }
        }
        System.exit(failed ? 1 : 0);
    }

    private static void usage(String problem) {
        if (!problem.isEmpty()) {
            System.err.println(problem);
        }
        System.err.println("usage: LedgerBackup backup|restore FILE --bootstrap-servers HOST:PORT "
                + "[--client-config FILE]\n       LedgerBackup backup FILE --data DIR\n       LedgerBackup verify "
                + "--bootstrap-servers HOST:PORT [--client-config FILE] | --data DIR");
        System.exit(2);
    }
}
