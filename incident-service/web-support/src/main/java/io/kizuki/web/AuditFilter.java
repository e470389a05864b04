package io.kizuki.web;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * One JSON audit line (logger {@code kizuki.audit}) for every write request of every service: who, what, and the
 * answer, and the request's trace when tracing is on.
 */
@Provider
public class AuditFilter implements ContainerResponseFilter {

    private static final Logger AUDIT = Logger.getLogger("kizuki.audit");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String SERVICE_ACCOUNT_PREFIX = "service-account-";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String service;

    public AuditFilter(@ConfigProperty(name = "quarkus.application.name") String service) {
        this.service = service;
    }

    /** Who a caller is in audit lines and on the ledger: {@code user:<name>}, or {@code client:<id>} for a service. */
    public static String actor(Principal principal) {
        if (principal == null) {
            return "anonymous";
        }
        if (principal instanceof JsonWebToken jwt) {
            String username = jwt.getClaim("preferred_username");
            return username == null || username.startsWith(SERVICE_ACCOUNT_PREFIX)
                    ? "client:" + jwt.<Object>getClaim("azp")
                    : "user:" + username;
        }
        return principal.getName();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!WRITES.contains(request.getMethod())) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("audit", "write");
        line.put("time", Instant.now().toString());
        line.put("service", service);
        line.put("actor", actor(request.getSecurityContext().getUserPrincipal()));
        line.put("method", request.getMethod());
        line.put("path", request.getUriInfo().getPath());
        line.put("status", response.getStatus());
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            line.put("traceId", span.getTraceId());
        }
        try {
            AUDIT.info(MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            AUDIT.error(
                    "audit line could not be written for "
                            + request.getUriInfo().getPath(),
                    e);
        }
    }
}
