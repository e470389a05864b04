package io.kizuki.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.LedgerCommand;
import io.kizuki.ledger.command.ServiceCommand;
import io.kizuki.ledger.event.AdoptionRecorded;
import io.kizuki.ledger.event.CanarySent;
import io.kizuki.ledger.event.HeartbeatPinged;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.LedgerEvent;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.ledger.event.ServiceEvent;
import io.kizuki.ledger.event.SignalReceived;

/**
 * The AsyncAPI 3.0 document of every Kizuki topic, built from the contract itself: the channels are {@link Topics},
 * the messages the wire types {@link WireCodec} reads (the sealed event and command hierarchies, walked, so a new type
 * cannot be left out), each with its CloudEvents headers, Kafka key, JSON Schema ({@link JsonSchemas}) and an example.
 * Topics internal to one service are listed with what they hold in prose: their records are no contract.
 */
public final class AsyncApi {

    /** The AsyncAPI version the document follows. */
    public static final String VERSION = "3.0.0";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String BINDING_VERSION = "0.5.0";
    private static final String FOREVER = "-1";
    private static final String WEEK = Long.toString(7L * 24 * 3600 * 1000);
    private static final String DAY = Long.toString(24L * 3600 * 1000);
    private static final String COMPACTED = "compact";
    private static final String EXAMPLE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    /** One topic: its channel id in the document, what its key is, how long it keeps records, what it carries. */
    record Channel(
            String id,
            String topic,
            String key,
            String retention,
            String description,
            List<Class<? extends WireType>> messages,
            boolean chained) {}

    /** Every Kizuki topic, as the document describes it. */
    static final List<Channel> CHANNELS = List.of(
            new Channel(
                    "ledger",
                    Topics.LEDGER,
                    "the incident id; `service:<name>` for a service's stream; `ledger-partition-<n>` for a checkpoint",
                    FOREVER,
                    "The immutable ledger: every fact about every incident, chained per stream (`ce_prevhash`,"
                            + " `ce_hash`), and the checkpoints over each partition. Written only by incident-service.",
                    concat(permitted(LedgerEvent.class), List.of(LedgerCheckpoint.class)),
                    true),
            new Channel(
                    "knowledge",
                    Topics.KNOWLEDGE,
                    "the incident id",
                    FOREVER,
                    "The knowledge feed for products that consume events: the learning loop's events exactly as the"
                            + " ledger has them (same headers, same `ce_id`), written in the ledger's transaction.",
                    List.of(PostmortemPublished.class, AdoptionRecorded.class, RecurrenceFlagged.class),
                    true),
            new Channel(
                    "signals",
                    Topics.SIGNALS,
                    "the dedup stream key",
                    FOREVER,
                    "Every accepted raw signal, normalised, with its original payload; heartbeats' pings; Kizuki's own"
                            + " canaries (the dead-man's switch's synthetic signal).",
                    List.of(SignalReceived.class, HeartbeatPinged.class, CanarySent.class),
                    false),
            new Channel(
                    "commands",
                    Topics.COMMANDS,
                    "the target stream id (incident id, or `service:<name>`)",
                    WEEK,
                    "Commands from people (the API, chat relaying a person's command) and from detection, to the"
                            + " deciders. Relayed commands carry `kizuki_on_behalf_of`, `kizuki_via` and the relaying"
                            + " service's token in `kizuki_authorization`.",
                    permitted(LedgerCommand.class),
                    false),
            new Channel(
                    "serviceCommands",
                    Topics.SERVICE_COMMANDS,
                    "the target stream id (incident id, or `service:<name>`)",
                    WEEK,
                    "The deciders' bulk lane: the commands services send on their own account (records of pages"
                            + " and deliveries, escalations, recurrence flags), decided as those of `kizuki.commands.v1`.",
                    permitted(LedgerCommand.class),
                    false),
            new Channel(
                    "commandResults",
                    Topics.COMMAND_RESULTS,
                    "the target stream id",
                    DAY,
                    "The outcome of every decided command, so that the one who sent it can answer.",
                    List.of(CommandResult.class),
                    false),
            internal(
                    "detectionFeedback",
                    Topics.DETECTION_FEEDBACK,
                    "the dedup stream key",
                    WEEK,
                    "Internal to incident-service: what the incident decider tells the detection decider."),
            internal(
                    "deadLetters",
                    Topics.DEAD_LETTERS,
                    "the original record's key",
                    FOREVER,
                    "Records a consumer could not read or apply, as they were, with the headers"
                            + " `dead-letter-reason`, `dead-letter-topic`, `dead-letter-partition`,"
                            + " `dead-letter-offset` and `dead-letter-consumer`."),
            internal(
                    "integrations",
                    Topics.INTEGRATIONS,
                    "the integration id",
                    COMPACTED,
                    "Internal to incident-service: each integration's latest state."),
            internal(
                    "silences",
                    Topics.SILENCES,
                    "the silence id, or `<silence id>/<alert id>`",
                    COMPACTED,
                    "Internal to incident-service: each silence (maintenance window) as it stands, and each firing"
                            + " alert it keeps from opening an incident (deleted once the alert resolves)."),
            internal(
                    "replays",
                    Topics.REPLAYS,
                    "the replay id",
                    COMPACTED,
                    "Internal to incident-service: each replay of recorded signals through draft rules."),
            internal(
                    "notifyState",
                    Topics.NOTIFY_STATE,
                    "the incident id, or `~checkpoint`",
                    COMPACTED,
                    "Internal to notify-service: what paging knows of each incident it tracks, per ledger partition."),
            internal(
                    "pageNumbers",
                    Topics.PAGE_NUMBERS,
                    "`<person>:<number>`",
                    COMPACTED,
                    "Internal to notify-service: which incident a person's short page number names."),
            internal(
                    "handOffs",
                    Topics.HAND_OFFS,
                    "`<schedule>:<person>:<start|end>:<epoch s>`",
                    COMPACTED,
                    "Internal to notify-service: the hand-off notices told."),
            internal(
                    "contactChecks",
                    Topics.CONTACT_CHECKS,
                    "`<person>:<way>`",
                    COMPACTED,
                    "Internal to notify-service: the last test notification of each contact method."),
            internal(
                    "shiftSwaps",
                    Topics.SHIFT_SWAPS,
                    "the swap id",
                    COMPACTED,
                    "Internal to notify-service: each shift swap with its steps."),
            internal(
                    "oncallConfig",
                    Topics.ONCALL_CONFIG,
                    "`version:<instant>`",
                    COMPACTED,
                    "Internal to notify-service: every version of the on-call configuration put through its API."));

    private AsyncApi() {}

    /** The document, for a release of Kizuki. */
    public static ObjectNode document(String kizukiVersion) {
        Map<Class<? extends WireType>, String> names = new LinkedHashMap<>();
        WireCodec.contractTypes().forEach((name, type) -> names.put(type, name));
        ObjectNode document = NODES.objectNode();
        document.put("asyncapi", VERSION);
        document.put("id", "urn:kizuki:topics");
        ObjectNode info = document.putObject("info");
        info.put("title", "Kizuki topics");
        info.put("version", kizukiVersion);
        info.put(
                "description",
                "Every record on a Kizuki topic is a CloudEvents 1.0 event in Kafka binary mode: the attributes travel"
                        + " as `ce_` headers, the data (JSON) is the record value. Type names are fixed; fields are"
                        + " only ever added; readers ignore unknown fields and skip unknown types. See docs/events.md.");
        info.putObject("license").put("name", "Apache-2.0");
        document.put("defaultContentType", CloudEventHeaders.JSON);
        ObjectNode channels = document.putObject("channels");
        ObjectNode operations = document.putObject("operations");
        ObjectNode components = document.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode messages = components.putObject("messages");
        schemas.set("CloudEventHeaders", headers(false));
        schemas.set("ChainedCloudEventHeaders", headers(true));
        for (Channel channel : CHANNELS) {
            ObjectNode node = channels.putObject(channel.id());
            node.put("address", channel.topic());
            node.put("title", channel.topic());
            node.put("description", channel.description() + " Key: " + channel.key() + ".");
            ObjectNode channelMessages = node.putObject("messages");
            if (channel.messages().isEmpty()) {
                String id = channel.id() + "Record";
                channelMessages.putObject(id).put("$ref", "#/components/messages/" + id);
                messages.set(id, internalMessage(channel));
            }
            for (Class<? extends WireType> type : channel.messages()) {
                String name = names.get(type);
                if (name == null) {
                    throw new IllegalStateException(type.getName() + " is not among the wire codec's types");
                }
                channelMessages.putObject(name).put("$ref", "#/components/messages/" + name);
                if (!schemas.has(name)) {
                    ObjectNode schema = JsonSchemas.of(type, name);
                    schema.remove("$schema");
                    schemas.set(name, schema);
                    messages.set(name, message(type, name, channel.chained()));
                }
            }
            ObjectNode kafka = node.putObject("bindings").putObject("kafka");
            kafka.put("topic", channel.topic());
            ObjectNode configuration = kafka.putObject("topicConfiguration");
            if (COMPACTED.equals(channel.retention())) {
                configuration.putArray("cleanup.policy").add(COMPACTED);
            } else {
                configuration.putArray("cleanup.policy").add("delete");
                configuration.put("retention.ms", Long.parseLong(channel.retention()));
            }
            kafka.put("bindingVersion", BINDING_VERSION);
            ObjectNode operation = operations.putObject(
                    "write" + Character.toUpperCase(channel.id().charAt(0))
                            + channel.id().substring(1));
            operation.put("action", "send");
            operation.put("summary", "Kizuki writes " + channel.topic());
            operation.putObject("channel").put("$ref", "#/channels/" + channel.id());
        }
        return document;
    }

    /** The wire types the document lists as messages, by type name. */
    public static Map<String, Class<? extends WireType>> messageTypes() {
        Map<String, Class<? extends WireType>> byName = new LinkedHashMap<>();
        Map<Class<? extends WireType>, String> names = new LinkedHashMap<>();
        WireCodec.contractTypes().forEach((name, type) -> names.put(type, name));
        for (Channel channel : CHANNELS) {
            for (Class<? extends WireType> type : channel.messages()) {
                byName.put(names.get(type), type);
            }
        }
        return byName;
    }

    private static ObjectNode message(Class<? extends WireType> type, String name, boolean chained) {
        ObjectNode message = NODES.objectNode();
        message.put("name", name);
        message.put("title", title(name));
        message.put("contentType", CloudEventHeaders.JSON);
        ObjectNode headers = message.putObject("headers");
        ArrayNode allOf = headers.putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/" + (chained ? "Chained" : "") + "CloudEventHeaders");
        allOf.addObject()
                .putObject("properties")
                .putObject(CloudEventHeaders.TYPE)
                .put("const", name);
        message.putObject("payload").put("$ref", "#/components/schemas/" + name);
        message.putObject("correlationId")
                .put("description", "Shared by everything one request set off")
                .put("location", "$message.header#/" + CloudEventHeaders.CORRELATION_ID);
        ObjectNode key = message.putObject("bindings").putObject("kafka");
        key.putObject("key").put("type", "string").put("description", key(type));
        key.put("bindingVersion", BINDING_VERSION);
        ObjectNode example = message.putArray("examples").addObject();
        example.put("name", title(name));
        ObjectNode exampleHeaders = example.putObject("headers");
        exampleHeaders.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        exampleHeaders.put(CloudEventHeaders.ID, EXAMPLE_ID);
        exampleHeaders.put(CloudEventHeaders.SOURCE, "/kizuki/incident-service");
        exampleHeaders.put(CloudEventHeaders.TYPE, name);
        exampleHeaders.put(CloudEventHeaders.SUBJECT, "0b6f1a52-3c1d-4e8a-9a57-1f2e3d4c5b6a");
        exampleHeaders.put(CloudEventHeaders.TIME, "2026-12-05T09:41:00Z");
        exampleHeaders.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        exampleHeaders.put(CloudEventHeaders.ACTOR, "user:alice");
        if (chained) {
            exampleHeaders.put(CloudEventHeaders.SEQUENCE, "2");
            exampleHeaders.put(LedgerChain.PREVIOUS, "9b74c9897bac770ffc029102a200c5de" + "0".repeat(32));
            exampleHeaders.put(LedgerChain.HASH, "6e340b9cffb37a989ca544e6bb780a2c" + "1".repeat(32));
        }
        example.set("payload", JsonSchemas.example(type));
        return message;
    }

    private static ObjectNode internalMessage(Channel channel) {
        ObjectNode message = NODES.objectNode();
        message.put("name", channel.id() + "Record");
        message.put("title", channel.topic() + " record");
        message.put(
                "description",
                channel.description() + " Read it only through its service; its records are no contract"
                        + " (docs/events.md describes them).");
        message.putObject("payload");
        ObjectNode key = message.putObject("bindings").putObject("kafka");
        key.putObject("key").put("type", "string").put("description", channel.key());
        key.put("bindingVersion", BINDING_VERSION);
        return message;
    }

    private static ObjectNode headers(boolean chained) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        schema.put("description", "CloudEvents 1.0 attributes in Kafka binary mode (docs/events.md)");
        ObjectNode properties = schema.putObject("properties");
        header(properties, CloudEventHeaders.SPEC_VERSION, "`1.0`").put("const", "1.0");
        header(properties, CloudEventHeaders.ID, "unique id of the event (of the command, for commands)");
        header(properties, CloudEventHeaders.SOURCE, "the producer, e.g. `/kizuki/incident-service`");
        header(properties, CloudEventHeaders.TYPE, "the fixed type name");
        header(properties, CloudEventHeaders.SUBJECT, "the stream id");
        header(properties, CloudEventHeaders.TIME, "when it happened (RFC 3339)")
                .put("format", "date-time");
        header(properties, CloudEventHeaders.CAUSATION_ID, "id of the command or signal that caused it");
        header(properties, CloudEventHeaders.CORRELATION_ID, "id shared by everything one request set off");
        header(
                properties,
                CloudEventHeaders.ACTOR,
                "who: `user:<name>`, `client:<id>`, `integration:<name>`, `kizuki:<decider>`");
        header(properties, CloudEventHeaders.VIA, "how a person's relayed command came in (`slack`, `email`, …)");
        header(properties, CloudEventHeaders.CONTENT_TYPE, "`application/json`");
        ArrayNode required = schema.putArray("required");
        Stream.of(
                        CloudEventHeaders.SPEC_VERSION,
                        CloudEventHeaders.ID,
                        CloudEventHeaders.SOURCE,
                        CloudEventHeaders.TYPE,
                        CloudEventHeaders.SUBJECT,
                        CloudEventHeaders.TIME)
                .forEach(required::add);
        if (chained) {
            header(properties, CloudEventHeaders.SEQUENCE, "position of the event in its stream, from 1, without gaps")
                    .put("pattern", "^[0-9]+$");
            header(
                    properties,
                    LedgerChain.PREVIOUS,
                    "the `ce_hash` of the stream's previous event; empty at its first");
            header(properties, LedgerChain.HASH, "SHA-256 (hex) over the chain, the attributes and the data");
            required.add(LedgerChain.HASH);
        }
        return schema;
    }

    private static ObjectNode header(ObjectNode properties, String name, String description) {
        return properties.putObject(name).put("type", "string").put("description", description);
    }

    private static String key(Class<? extends WireType> type) {
        if (IncidentEvent.class.isAssignableFrom(type)
                || IncidentCommand.class.isAssignableFrom(type)
                || type == CommandResult.class) {
            return "the incident id";
        }
        if (ServiceEvent.class.isAssignableFrom(type) || ServiceCommand.class.isAssignableFrom(type)) {
            return "`service:<name>`";
        }
        if (type == LedgerCheckpoint.class) {
            return "`ledger-partition-<n>`";
        }
        return "the dedup stream key";
    }

    /** {@code kizuki.incident.opened.v1} → {@code incident opened}. */
    private static String title(String name) {
        String[] parts = name.split("\\.");
        List<String> words = new ArrayList<>(List.of(parts).subList(1, parts.length - 1));
        return String.join(" ", words).replace('-', ' ');
    }

    private static Channel internal(String id, String topic, String key, String retention, String description) {
        return new Channel(id, topic, key, retention, description, List.of(), false);
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends WireType>> permitted(Class<? extends WireType> sealed) {
        List<Class<? extends WireType>> leaves = new ArrayList<>();
        for (Class<?> sub : sealed.getPermittedSubclasses()) {
            if (sub.isSealed()) {
                leaves.addAll(permitted((Class<? extends WireType>) sub));
            } else {
                leaves.add((Class<? extends WireType>) sub);
            }
        }
        return leaves;
    }

    private static List<Class<? extends WireType>> concat(
            List<Class<? extends WireType>> first, List<Class<? extends WireType>> second) {
        List<Class<? extends WireType>> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
