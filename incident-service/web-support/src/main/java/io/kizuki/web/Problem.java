package io.kizuki.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail, sent as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field at fault, named by its JSON path ({@code alerts[0].status}), header or query parameter name. */
    public record FieldError(String field, String detail) {}

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem("urn:kizuki:problem:" + slug, title, status, detail, instance, null, new LinkedHashMap<>());
    }

    /** A 400 naming the one field at fault, thrown as a {@link ProblemException}. */
    public static ProblemException invalidField(String field, String detail, UriInfo uri) {
        return new ProblemException(of(400, "validation", "Invalid request", field + " " + detail, uri.getPath())
                .withErrors(List.of(new FieldError(field, detail))));
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors, extensions);
    }

    public Problem with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
