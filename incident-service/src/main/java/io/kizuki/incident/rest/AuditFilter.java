package io.kizuki.incident.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.incident.security.Caller;
import io.kizuki.ledger.WireCodec;

/** One JSON audit line (logger {@code kizuki.audit}) for every write request: who, what, and the answer. */
@Provider
public class AuditFilter implements ContainerResponseFilter {

    private static final Logger AUDIT = Logger.getLogger("kizuki.audit");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final ObjectMapper MAPPER = WireCodec.newMapper();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!WRITES.contains(request.getMethod())) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("audit", "write");
        line.put("time", Instant.now().toString());
        line.put("service", "incident-service");
        line.put("actor", Caller.actor(request.getSecurityContext().getUserPrincipal()));
        line.put("method", request.getMethod());
        line.put("path", request.getUriInfo().getPath());
        line.put("status", response.getStatus());
        try {
            AUDIT.info(MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            AUDIT.error("audit line could not be written for " + request.getUriInfo().getPath(), e);
        }
    }
}
