package io.kizuki.incident.rest;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.ledger.AsyncApi;
import io.kizuki.ledger.JsonSchemas;
import io.kizuki.ledger.WireType;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;

/**
 * The topics' own description, next to the OpenAPI of the HTTP API and as open: the AsyncAPI 3.0 document of every
 * topic, and the JSON Schema of each wire type, for consumers in any language.
 */
@Path("/asyncapi")
@Tag(name = "Topics", description = "The Kafka topics: AsyncAPI and JSON Schemas")
@PermitAll
public class AsyncApiResource {

    /** The media type of a JSON Schema. */
    static final String SCHEMA_JSON = "application/schema+json";

    private final ObjectNode document;
    private final Map<String, Class<? extends WireType>> types = AsyncApi.messageTypes();

    public AsyncApiResource(@ConfigProperty(name = "quarkus.application.version") String version) {
        this.document = AsyncApi.document(version);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The AsyncAPI 3.0 document of every Kizuki topic: channels, keys, CloudEvents headers, "
                    + "each event and command type with its JSON Schema and an example")
    @APIResponse(responseCode = "200", description = "The document (AsyncAPI 3.0, JSON)")
    public ObjectNode document() {
        return document;
    }

    @GET
    @Path("/schemas/{type}")
    @Produces({SCHEMA_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The JSON Schema (draft-07) of one wire type's data")
    @APIResponse(responseCode = "200", description = "The schema")
    @APIResponse(
            responseCode = "404",
            description = "No wire type of that name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String schema(
            @Parameter(description = "the type name, e.g. kizuki.incident.opened.v1") @PathParam("type") String type,
            @Context UriInfo uri) {
        Class<? extends WireType> wireType = types.get(type);
        if (wireType == null) {
            throw new ProblemException(Problem.of(
                    404,
                    "not-found",
                    "Unknown type",
                    "no Kizuki wire type has that name: the types are the messages of GET /asyncapi",
                    uri.getPath()));
        }
        return JsonSchemas.of(wireType, type).toString();
    }
}
