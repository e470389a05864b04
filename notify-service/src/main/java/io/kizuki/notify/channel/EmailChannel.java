package io.kizuki.notify.channel;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.notify.chat.ActionLinks;
import io.kizuki.notify.config.LinkSettings;
import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallConfig.Smtp;
import io.kizuki.notify.paging.Notification;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * E-mail through the SMTP server of the on-call configuration (Vert.x's non-blocking SMTP client, one per server
 * settings, with a queue of its own in front of its pool: a message whose attempt timed out while it waited for a
 * connection is dropped, not sent late beside its retry). Only a reply that refuses the recipient or the message
 * ({@link #refusesTheMessage}) is final; any other reply is tried again: a 4xx, a credentials refusal, and a 500–504
 * (command not understood or out of sequence: the conversation broke, as when a pooled connection is closed by the
 * server's idle limit while a message starts on it; a new connection starts a new conversation).
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    private final Vertx vertx;
    private final OutboundAddresses outbound;
    private final URI consoleUrl;
    private final Map<Smtp, Sender> clients = new ConcurrentHashMap<>();
    /** Messages sent at once to one SMTP server: the SMTP client's pool of connections. */
    static final int CONNECTIONS = 10;

    private final int timeoutSeconds;
    /** The way in the ledger records for what a person does from an e-mail's link. */
    static final String VIA = "email";

    private final Optional<ActionLinks> links;
    private final Duration linkLifetime;

    public EmailChannel(Vertx vertx, NotifyConfig config, OutboundAddresses outbound, LinkSettings links) {
        this.vertx = vertx;
        this.links = links.links();
        this.linkLifetime = config.links().lifetime();
        this.outbound = outbound;
        this.consoleUrl = config.consoleUrl();
        this.timeoutSeconds = (int) Math.max(1, config.delivery().timeout().toSeconds());
    }

    @Override
    public String name() {
        return Notification.EMAIL;
    }

    @Override
    public CompletableFuture<String> attempt(Notification notification, OnCallConfig config) {
        Smtp smtp = config.channels().smtp();
        if (smtp == null) {
            return CompletableFuture.failedFuture(
                    new DeliveryException("the on-call configuration has no SMTP server (channels.smtp)", false, null));
        }
        try {
            outbound.check("the SMTP server", smtp.host());
        } catch (DeliveryException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        var message = new MailMessage()
                .setFrom(smtp.from())
                .setTo(notification.people().getFirst().person().email())
                .setSubject(Messages.subject(notification))
                .setText(text(notification));
        message.setHeaders(
                io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("X-Kizuki-Notification-Id", notification.id()));
        CompletableFuture<String> sent = new CompletableFuture<>();
        clients.computeIfAbsent(smtp, this::client).submit(message, sent);
        return sent;
    }

    /**
     * One SMTP server's client and its queue: at most {@link #CONNECTIONS} messages are being sent at once (the
     * client's pool); the others wait here, and one whose attempt was given up while it waited (its future completed,
     * by the caller's timeout) is never sent, so that the attempt made instead is the only one the person gets.
     */
    private static final class Sender {

        private final MailClient client;
        private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
        private final Semaphore connections = new Semaphore(CONNECTIONS);

        Sender(MailClient client) {
            this.client = client;
        }

        void submit(MailMessage message, CompletableFuture<String> sent) {
            waiting.add(() -> send(message, sent));
            drain();
        }

        private void drain() {
            while (!waiting.isEmpty() && connections.tryAcquire()) {
                Runnable next = waiting.poll();
                if (next == null) {
                    connections.release();
                    return;
                }
                next.run();
            }
        }

        private void send(MailMessage message, CompletableFuture<String> sent) {
            if (sent.isDone()) {
                connections.release();
                drain();
                return;
            }
            client.sendMail(message).onComplete(result -> {
                connections.release();
                if (result.succeeded()) {
                    sent.complete(Channel.unreferenced(result.result()));
                } else {
                    sent.completeExceptionally(
                            result.cause() instanceof SMTPException smtpFailure
                                    ? new DeliveryException(
                                            "the SMTP server answered " + smtpFailure.getReplyCode(),
                                            !refusesTheMessage(smtpFailure.getReplyCode()),
                                            null)
                                    : result.cause());
                }
                drain();
            });
        }
    }

    /**
     * Whether an SMTP reply refuses this recipient or this message, so that another attempt would only repeat it: 550
     * to 555 (no such mailbox, not local, storage exceeded, mailbox name not allowed, transaction failed, parameters
     * refused) and 521/556 (the domain takes no mail). Not so: 4xx (try later), 500–504 (the conversation broke),
     * 530–538 (the deployment's credentials, not the message).
     */
    static boolean refusesTheMessage(int replyCode) {
        return (replyCode >= 550 && replyCode <= 555) || replyCode == 521 || replyCode == 556;
    }

    /** The body, with the recipient's links to acknowledge and resolve on a page when links are configured. */
    private String text(Notification notification) {
        if (!Notification.PAGE.equals(notification.purpose()) || links.isEmpty()) {
            return Messages.emailText(notification, consoleUrl);
        }
        Instant now = Instant.now();
        String person = notification.people().getFirst().id();
        Map<String, URI> actions =
                links.get().pageLinks(person, notification.incidentId(), notification.id(), VIA, now);
        return Messages.emailText(notification, consoleUrl, actions, now.plus(linkLifetime));
    }

    private Sender client(Smtp smtp) {
        var config = new MailConfig()
                .setHostname(smtp.host())
                .setPort(smtp.port())
                .setStarttls(smtp.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
                .setKeepAlive(true)
                .setMaxPoolSize(CONNECTIONS)
                .setConnectTimeout(timeoutSeconds * 1_000);
        if (smtp.username() != null) {
            config.setUsername(smtp.username()).setPassword(smtp.password());
        }
        return new Sender(MailClient.create(vertx, config));
    }

    @PreDestroy
    void close() {
        clients.values().forEach(sender -> sender.client.close());
    }
}
