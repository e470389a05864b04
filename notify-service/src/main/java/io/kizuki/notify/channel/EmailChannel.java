package io.kizuki.notify.channel;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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
 * settings). A 4xx reply is tried again, a 5xx reply (no such mailbox) is final.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    private final Vertx vertx;
    private final OutboundAddresses outbound;
    private final URI consoleUrl;
    private final Map<Smtp, MailClient> clients = new ConcurrentHashMap<>();

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
        return clients.computeIfAbsent(smtp, this::client)
                .sendMail(message)
                .toCompletionStage()
                .toCompletableFuture()
                .thenApply(Channel::unreferenced)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        failure instanceof SMTPException smtpFailure
                                ? new DeliveryException(
                                        "the SMTP server answered " + smtpFailure.getReplyCode(),
                                        !smtpFailure.isPermanent(),
                                        null)
                                : failure));
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

    private MailClient client(Smtp smtp) {
        var config = new MailConfig()
                .setHostname(smtp.host())
                .setPort(smtp.port())
                .setStarttls(smtp.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
                .setKeepAlive(true)
                .setConnectTimeout(timeoutSeconds * 1_000);
        if (smtp.username() != null) {
            config.setUsername(smtp.username()).setPassword(smtp.password());
        }
        return MailClient.create(vertx, config);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(MailClient::close);
    }
}
