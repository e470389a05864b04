package io.kizuki.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Every error leaves as {@code application/problem+json}; nothing leaves as a bare 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final String unauthorizedDetail;

    /** {@code web-support.unauthorized-detail}: what a 401 tells the caller to bring. */
    public ProblemMappers(
            @ConfigProperty(name = "web-support.unauthorized-detail", defaultValue = "a valid bearer token is required")
                    String unauthorizedDetail) {
        this.unauthorizedDetail = unauthorizedDetail;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(UriInfo uri) {
        return Problem.of(401, "unauthorized", "Unauthorized", unauthorizedDetail, uri.getPath())
                .toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of(403, "forbidden", "Forbidden", "the caller's roles do not allow this", uri.getPath())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response response = e.getResponse();
        if (response.hasEntity() && response.getEntity() instanceof Problem) {
            return response;
        }
        int status = response.getStatus();
        var reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        return Problem.of(status, "http-" + status, title, e.getMessage(), uri.getPath())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("unexpected failure serving " + uri.getPath(), e);
        return Problem.of(
                        500,
                        "internal",
                        "Internal error",
                        "the request could not be completed; it was not applied",
                        uri.getPath())
                .toResponse();
    }
}
