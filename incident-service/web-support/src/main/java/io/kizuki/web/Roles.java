package io.kizuki.web;

/**
 * The realm roles Kizuki's HTTP APIs check (docs/architecture.md, security): the services' own accounts' roles,
 * {@code notifier} and {@code reporter}, are the command topic's ({@code CommandAuthorization}).
 */
public final class Roles {

    /** Reads incidents, timelines, metrics and who is on call. */
    public static final String VIEWER = "viewer";
    /** Acts on incidents: acknowledge, resolve, declare, roles, timeline, postmortems. */
    public static final String RESPONDER = "responder";
    /** Integrations, routing keys, the on-call configuration and the read models. */
    public static final String ADMIN = "admin";
    /** What a routing key authenticates: a producer of signals, heartbeats and changes. */
    public static final String INTEGRATION = "integration";

    private Roles() {}
}
