package io.kizuki.report.rest;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail, sent as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field at fault. */
    public record FieldError(String field, String detail) {
    }

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem("urn:kizuki:problem:" + slug, title, status, detail, instance, null);
    }

    public static WebApplicationException invalidField(String field, String detail, UriInfo uri) {
        var problem = new Problem("urn:kizuki:problem:validation", "Invalid request", 400, field + " " + detail,
                uri.getPath(), List.of(new FieldError(field, detail)));
        return new WebApplicationException(problem.toResponse());
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
