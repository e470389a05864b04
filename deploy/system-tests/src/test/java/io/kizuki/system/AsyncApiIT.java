package io.kizuki.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.kizuki.bench.Tools;
import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentOpened;

/**
 * The topics' AsyncAPI document as incident-service serves it, open as its OpenAPI: the AsyncAPI parser (npm
 * {@code @asyncapi/parser}, installed into target/ with the node found or Debian's) finds it valid, and each example in
 * it is valid against the JSON Schema served for its type, which a consumer in another language would use.
 */
class AsyncApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHECK = Path.of(System.getProperty("kizuki.project.root", "../.."))
            .toAbsolutePath()
            .normalize()
            .resolve("deploy/system-tests/src/test/node/asyncapi");
    private static LocalStack stack;

    @BeforeAll
    static void shareTheStack() {
        stack = SharedStack.get();
    }

    @Test
    void servesADocumentTheAsyncApiParserFindsValid() throws Exception {
        String document = given().get(stack.incidentUrl() + "/asyncapi")
                .then()
                .statusCode(200)
                .body("asyncapi", equalTo("3.0.0"))
                .extract()
                .asString();
        Tools.require("the AsyncAPI check", List.of("nodejs", "npm"), List.of("node", "npm"));
        Path work = Files.createDirectories(Path.of("target", "asyncapi-check")).toAbsolutePath();
        for (String file : List.of("package.json", "validate.mjs")) {
            Files.copy(CHECK.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(work.resolve("kizuki.asyncapi.json"), document);
        Commands.run(work, Duration.ofMinutes(5), List.of("npm", "install", "--no-audit", "--no-fund"));

        String verdict =
                Commands.run(work, Duration.ofMinutes(1), List.of("node", "validate.mjs", "kizuki.asyncapi.json"));

        assertThat(verdict).contains("VALID: AsyncAPI 3.0.0, 17 channels");
    }

    @Test
    void everyExampleIsValidAgainstTheSchemaServedForItsType() throws IOException {
        JsonNode messages = JSON.readTree(given().get(stack.incidentUrl() + "/asyncapi")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .path("components")
                .path("messages");
        Map<String, Set<ValidationMessage>> invalid = new TreeMap<>();
        List<String> checked = new ArrayList<>();
        for (String type : WireCodec.contractTypes().keySet()) {
            JsonSchema schema = schema(stack.incidentUrl(), type);
            Set<ValidationMessage> errors =
                    schema.validate(messages.path(type).path("examples").get(0).path("payload"));
            if (!errors.isEmpty()) {
                invalid.put(type, errors);
            }
            checked.add(type);
        }

        assertThat(invalid).isEmpty();
        assertThat(checked).hasSameSizeAs(WireCodec.contractTypes().keySet());
        ObjectNode wrong = messages.path(IncidentOpened.TYPE)
                .path("examples")
                .get(0)
                .path("payload")
                .deepCopy();
        wrong.put("severity", "SEV9");
        assertThat(schema(stack.incidentUrl(), IncidentOpened.TYPE).validate(wrong))
                .as("a severity the contract does not know")
                .isNotEmpty();
        wrong.remove("openedAt");
        assertThat(schema(stack.incidentUrl(), IncidentOpened.TYPE).validate(wrong))
                .hasSize(2);
    }

    @Test
    void answersAnUnknownTypeAsMissing() {
        given().get(stack.incidentUrl() + "/asyncapi/schemas/kizuki.incident.vanished.v1")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("no Kizuki wire type has that name: the types are the messages of GET /asyncapi"))
                .body("instance", equalTo("/asyncapi/schemas/kizuki.incident.vanished.v1"));
    }

    /** The JSON Schema incident-service serves for a type, as a consumer in another language would load it. */
    static JsonSchema schema(String incidentUrl, String type) throws IOException {
        String schema = given().get(incidentUrl + "/asyncapi/schemas/" + type)
                .then()
                .statusCode(200)
                .contentType("application/schema+json")
                .extract()
                .asString();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(schema));
    }
}
