package io.kizuki.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class AsyncApiTest {

    private final ObjectNode document = AsyncApi.document("test");
    private final WireCodec codec = new WireCodec();

    @Test
    void listsEveryTopicAsAChannelAtItsAddress() throws IllegalAccessException {
        Set<String> topics = new HashSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && !"DECIDERS".equals(field.getName())) {
                topics.add((String) field.get(null));
            }
        }
        Set<String> addresses = new HashSet<>();
        document.path("channels")
                .forEach(channel -> addresses.add(channel.path("address").asText()));

        assertThat(addresses).isEqualTo(topics);
    }

    @Test
    void describesEveryWireTypeOfTheContractAsAMessageWithItsSchema() {
        JsonNode messages = document.path("components").path("messages");
        JsonNode schemas = document.path("components").path("schemas");

        for (String type : WireCodec.contractTypes().keySet()) {
            assertThat(messages.has(type)).as(type).isTrue();
            assertThat(messages.path(type).path("payload").path("$ref").asText())
                    .isEqualTo("#/components/schemas/" + type);
            assertThat(schemas.path(type).path("required").size()).as(type).isPositive();
            assertThat(messages.path(type).path("headers").toString()).contains("\"const\":\"" + type + "\"");
        }
        assertThat(AsyncApi.messageTypes())
                .containsOnlyKeys(WireCodec.contractTypes().keySet());
    }

    @Test
    void putsEachMessageOnTheChannelsThatCarryIt() {
        JsonNode channels = document.path("channels");

        assertThat(channels.path("knowledge").path("messages").has("kizuki.incident.postmortem-published.v1"))
                .isTrue();
        assertThat(channels.path("knowledge").path("messages").has("kizuki.incident.opened.v1"))
                .isFalse();
        assertThat(channels.path("ledger").path("messages").has("kizuki.ledger.checkpoint.v1"))
                .isTrue();
        assertThat(channels.path("serviceCommands").path("messages").has("kizuki.command.record-delivery.v1"))
                .isTrue();
        assertThat(channels.path("ledger")
                        .path("bindings")
                        .path("kafka")
                        .path("topicConfiguration")
                        .path("retention.ms")
                        .asLong())
                .isEqualTo(-1);
        assertThat(channels.path("silences")
                        .path("bindings")
                        .path("kafka")
                        .path("topicConfiguration")
                        .path("cleanup.policy")
                        .get(0)
                        .asText())
                .isEqualTo("compact");
    }

    @Test
    void everyExampleIsReadByTheCodecAsItsTypeAndWrittenBackTheSame() {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Class<? extends WireType>> entry :
                WireCodec.contractTypes().entrySet()) {
            JsonNode example = document.path("components")
                    .path("messages")
                    .path(entry.getKey())
                    .path("examples")
                    .get(0);
            byte[] data = example.path("payload").toString().getBytes(StandardCharsets.UTF_8);
            Envelope envelope =
                    new Envelope("e1", "/test", entry.getKey(), "s", Instant.EPOCH, null, null, null, null, data, null);
            try {
                WireType decoded = codec.decode(envelope).orElseThrow();
                assertThat(decoded).as(entry.getKey()).isInstanceOf(entry.getValue());
                assertThat(codec.mapper().readTree(codec.encode(decoded)))
                        .as(entry.getKey())
                        .isEqualTo(codec.mapper().readTree(data));
            } catch (IOException | RuntimeException | AssertionError e) {
                failures.add(entry.getKey() + ": " + e.getMessage());
            }
            assertThat(example.path("headers").path("ce_type").asText()).isEqualTo(entry.getKey());
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void givesEachSchemaTheDraftAndTheTypesOfItsFields() {
        ObjectNode schema = JsonSchemas.of(io.kizuki.ledger.event.IncidentOpened.class, "kizuki.incident.opened.v1");

        assertThat(schema.path("$schema").asText()).isEqualTo(JsonSchemas.DRAFT);
        assertThat(schema.path("properties").has("class")).isTrue();
        assertThat(schema.path("properties").has("signalClass")).isFalse();
        assertThat(schema.path("properties").path("openedAt").path("format").asText())
                .isEqualTo("date-time");
        assertThat(schema.path("properties").path("severity").path("enum").toString())
                .contains("SEV1", "SEV4");
        assertThat(schema.path("properties")
                        .path("links")
                        .path("items")
                        .path("properties")
                        .has("href"))
                .isTrue();
    }
}
