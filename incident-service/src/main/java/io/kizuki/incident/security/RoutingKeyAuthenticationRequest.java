package io.kizuki.incident.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A routing key presented as {@code Authorization: Bearer <key>} on an ingestion endpoint. */
public class RoutingKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String routingKey;

    public RoutingKeyAuthenticationRequest(String routingKey) {
        this.routingKey = routingKey;
    }

    public String routingKey() {
        return routingKey;
    }
}
