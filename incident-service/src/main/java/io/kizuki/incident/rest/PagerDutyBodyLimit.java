package io.kizuki.incident.rest;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.kizuki.incident.service.IngestionMeters;

/**
 * The PagerDuty endpoints take no credential but the body's routing key, so anybody can send to them: a body above
 * PagerDuty's documented limit (512 KiB) is refused by its declared length before a byte of it is read, not after
 * reading up to the server's limit. A body sent without a length is read up to the limit and refused after it.
 */
public class PagerDutyBodyLimit {

    /** PagerDuty's limit on one event. */
    public static final int MAX_BYTES = 512 * 1024;

    private final IngestionMeters meters;

    public PagerDutyBodyLimit(IngestionMeters meters) {
        this.meters = meters;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseOversizedEvents(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v2/")) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= MAX_BYTES) {
            return null;
        }
        meters.rejected(PagerDutyResource.SOURCE, "too-large");
        return Response.status(413)
                .type(MediaType.APPLICATION_JSON)
                .entity(new PagerDutyResource.Answer(
                        "invalid event",
                        "Event object is too large",
                        null,
                        List.of("the event is larger than " + MAX_BYTES + " bytes")))
                .build();
    }
}
