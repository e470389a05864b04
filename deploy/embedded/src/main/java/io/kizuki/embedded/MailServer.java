package io.kizuki.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) on localhost that keeps every mail it accepts in memory, for e-mail pages in the
 * local stack and the system tests; {@link #messages()} lists them.
 */
public final class MailServer implements AutoCloseable {

    private final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static MailServer start(int port) {
        var greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new MailServer(greenMail);
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Every mail accepted so far, oldest first: {@code from}, {@code to}, {@code subject}, {@code text}, headers. */
    public List<Map<String, Object>> messages() {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                Map<String, Object> mail = new LinkedHashMap<>();
                mail.put("from", addresses(message.getFrom()));
                mail.put("to", addresses(message.getAllRecipients()));
                mail.put("subject", message.getSubject());
                mail.put("notificationId", message.getHeader("X-Kizuki-Notification-Id", null));
                mail.put("text", GreenMailUtil.getBody(message));
                messages.add(mail);
            } catch (MessagingException e) {
                throw new IllegalStateException("cannot read a received mail", e);
            }
        }
        return messages;
    }

    /** Forgets every mail received. */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IllegalStateException("cannot clear the received mails", e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null
                ? List.of()
                : Arrays.stream(addresses).map(Address::toString).toList();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    @Override
    public String toString() {
        return "SMTP server on port " + port();
    }
}
