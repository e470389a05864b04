package io.kizuki.incident.rest;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.kizuki.incident.service.IngestionMeters;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * What ingestion checks before a byte of a body is read (RESTEasy reads a body after the request filters): the
 * caller's rate limit ({@link IngestionLimit}, 429), and for a webhook declared larger than the inline limit whether a
 * large-webhook reader is free (503). A sender over its limit or a storm of large webhooks therefore costs no reading
 * of up to 32 MiB. An anonymous request passes: the security check answers it 401.
 */
@ApplicationScoped
public class IngestionGate {

    /** The ingestion endpoints, by method and path, with the source their refusals are counted under. */
    private static final Map<String, String> SOURCES = Map.of(
            "POST /api/v1/signals/alertmanager", "alertmanager",
            "POST /api/v1/signals/grafana", "grafana",
            "POST /api/v1/signals", "generic",
            "POST /api/v1/changes", "change");

    private static final String HEARTBEATS = "/api/v1/heartbeats/";

    private final IngestionLimit limit;
    private final LargeWebhooks largeWebhooks;
    private final CurrentIdentityAssociation identities;
    private final IngestionMeters meters;

    public IngestionGate(
            IngestionLimit limit,
            LargeWebhooks largeWebhooks,
            CurrentIdentityAssociation identities,
            IngestionMeters meters) {
        this.limit = limit;
        this.largeWebhooks = largeWebhooks;
        this.identities = identities;
        this.meters = meters;
    }

    @ServerRequestFilter
    public Uni<Response> beforeTheBody(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String source = "PUT".equals(request.getMethod()) && path.startsWith(HEARTBEATS)
                ? "heartbeat"
                : SOURCES.get(request.getMethod() + " " + path);
        if (source == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                return null;
            }
            Response limited = limit.refusal(identity, path);
            if (limited != null) {
                meters.rejected(source, "rate-limited");
                return limited;
            }
            if (("alertmanager".equals(source) || "grafana".equals(source))
                    && largeWebhooks.large(request.getLength())
                    && !largeWebhooks.free()) {
                meters.rejected(source, "busy");
                return LargeWebhooks.busy(path);
            }
            return null;
        });
    }
}
