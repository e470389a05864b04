package io.kizuki.notify.channel;

import java.util.concurrent.CompletableFuture;

/** Gives a person's text page its short number, so that a reply ({@code ack 12}) names it. */
public interface PageNumbering {

    /**
     * The person's number for the incident, held before it completes; fails (tried again as any delivery) while it
     * cannot be held.
     */
    CompletableFuture<Integer> hold(String person, String incidentId, int level);
}
