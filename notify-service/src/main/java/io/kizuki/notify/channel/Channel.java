package io.kizuki.notify.channel;

import java.util.concurrent.CompletableFuture;

import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.paging.Notification;

/** One way of reaching people: makes one attempt to deliver a notification. */
public interface Channel {

    /** {@link Notification#SLACK}, {@link Notification#EMAIL} or {@link Notification#WEBHOOK}. */
    String name();

    /**
     * One attempt; completes with where the message is when the channel says and it can be changed later (a Slack
     * message the app posted: {@code <channel id>/<ts>}), else {@code null}; exceptionally with a
     * {@link DeliveryException} (or an I/O failure, which is retried) when it did not reach the channel.
     */
    CompletableFuture<String> attempt(Notification notification, OnCallConfig config);

    /** A sent message that cannot be found again: no reference. */
    static String unreferenced(Object sent) {
        return null;
    }
}
