package io.kizuki.notify.chat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed one-time action links, for what has no callback of its own (e-mail, a Teams card): a link names a person, an
 * incident, an action ({@code acknowledge} or {@code resolve}), the way it was sent ({@code email}, {@code teams}) and
 * an expiry, signed with HMAC-SHA256 under notify-service's link secret. Opening one shows a confirmation page (a GET never acts: mail scanners and prefetchers open links); its
 * button acts as that person. The command id derives from the link, so a link acts at most once.
 */
public final class ActionLinks {

    /** The actions a link can carry. */
    public static final String ACKNOWLEDGE = "acknowledge";

    public static final String RESOLVE = "resolve";
    public static final String LEAD = "lead";
    /** A chat button's escalate-now action names the level it escalates from: {@code escalate@2}. */
    public static final String ESCALATE = "escalate@";

    /** A call's keys, for a page of the level after {@code @}: 4 acknowledges, 6 resolves, 5 escalates. */
    public static final String KEYPAD = "keypad@";

    private static final Pattern ACTION = Pattern.compile("acknowledge|resolve|lead|(escalate|keypad)@[1-9][0-9]{0,2}");
    /** The person of a button's token: whoever clicks. */
    public static final String ANYONE = "-";
    /** How long a chat button's token acts: an incident may stay unacknowledged for days. */
    public static final Duration BUTTON_LIFETIME = Duration.ofDays(7);

    /** Links before the way they were sent was part of them: all went by e-mail. */
    private static final String VERSION_1 = "v1";

    private static final String VERSION = "v2";
    private static final Pattern VIA = Pattern.compile("[a-z]{1,16}");
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final Duration lifetime;
    private final URI publicUrl;

    public ActionLinks(String secret, Duration lifetime, URI publicUrl) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.lifetime = lifetime;
        this.publicUrl = publicUrl;
    }

    /**
     * What a link allows: {@code id} tells one link from another (the command id derives from it); {@code via} is
     * how it reached the person.
     */
    public record Claim(String person, String incidentId, String action, Instant expires, String id, String via) {

        /** Whether the token was made for the notification {@code notificationId} (its {@link #id} is a digest). */
        public boolean madeFor(String notificationId) {
            return notificationId != null && digest(notificationId).equals(id);
        }

        /** What a key pressed in a call asks for, if the token is a call's and the key does something. */
        public Optional<ChatRequest.OnIncident> key(String digits) {
            if (!action.startsWith(KEYPAD)) {
                return Optional.empty();
            }
            int level = Integer.parseInt(action.substring(KEYPAD.length()));
            return switch (digits == null ? "" : digits) {
                case "4" -> Optional.of(new ChatRequest.Acknowledge(incidentId));
                case "6" -> Optional.of(new ChatRequest.Resolve(incidentId));
                case "5" -> Optional.of(new ChatRequest.Escalate(incidentId, level));
                default -> Optional.empty();
            };
        }

        public ChatRequest.OnIncident request() {
            if (action.startsWith(ESCALATE)) {
                return new ChatRequest.Escalate(incidentId, Integer.parseInt(action.substring(ESCALATE.length())));
            }
            return switch (action) {
                case ACKNOWLEDGE -> new ChatRequest.Acknowledge(incidentId);
                case LEAD -> new ChatRequest.Lead(incidentId);
                case RESOLVE -> new ChatRequest.Resolve(incidentId);
                default -> throw new Refused("This is not a Kizuki action link.", false);
            };
        }
    }

    /** A link that cannot be used: why, for the person. */
    public static final class Refused extends RuntimeException {

        private final boolean expired;

        public Refused(String message, boolean expired) {
            super(message);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    /**
     * The link for a person to act on an incident, valid for the links' lifetime from {@code now}; empty when an id
     * cannot go in a link. {@code id} names what the link was sent for (a notification), {@code via} the way it goes
     * ({@code email}, {@code teams}: the ledger records it with what the link does).
     */
    public Optional<URI> link(String person, String incidentId, String action, String id, String via, Instant now) {
        return token(person, incidentId, action, id, via, now.plus(lifetime))
                .map(token -> publicUrl.resolve("/api/v1/chat/links/" + token));
    }

    /**
     * A person's links to acknowledge and resolve an incident they are paged for, labelled for a message
     * ({@code Acknowledge} → its link, {@code Resolve} → its link); none for an id that cannot go in a link.
     */
    public Map<String, URI> pageLinks(String person, String incidentId, String id, String via, Instant now) {
        Map<String, URI> links = new LinkedHashMap<>();
        link(person, incidentId, ACKNOWLEDGE, id, via, now).ifPresent(url -> links.put("Acknowledge", url));
        link(person, incidentId, RESOLVE, id, via, now).ifPresent(url -> links.put("Resolve", url));
        return links;
    }

    /**
     * A token for a button anyone in a chat channel may click (a Mattermost page's), naming no person: the click
     * says who clicked. Valid for {@link #BUTTON_LIFETIME}.
     */
    public Optional<String> buttonToken(String incidentId, String action, String id, Instant now) {
        return token(ANYONE, incidentId, action, id, "mattermost", now.plus(BUTTON_LIFETIME));
    }

    /**
     * The token of a call's keys ({@link #KEYPAD}) for a person paged at {@code level}: valid for the links' lifetime.
     */
    public Optional<String> keypadToken(String person, String incidentId, int level, String id, Instant now) {
        return token(person, incidentId, KEYPAD + level, id, "voice", now.plus(lifetime));
    }

    /** Where people reach notify-service. */
    public URI publicUrl() {
        return publicUrl;
    }

    private Optional<String> token(
            String person, String incidentId, String action, String id, String via, Instant expires) {
        if (!PART.matcher(person).matches()
                || !PART.matcher(incidentId).matches()
                || !VIA.matcher(via).matches()) {
            return Optional.empty();
        }
        String payload = String.join(
                "|", VERSION, person, incidentId, action, Long.toString(expires.getEpochSecond()), digest(id), via);
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return Optional.of(encoded + "." + mac(encoded));
    }

    /** What a token allows, if it was signed here and has not expired. */
    public Claim verify(String token, Instant now) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1 || token.length() > 1_000) {
            throw new Refused("This is not a Kizuki action link.", false);
        }
        String encoded = token.substring(0, dot);
        if (!MessageDigest.isEqual(
                mac(encoded).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused("This link was not made by Kizuki, or was changed.", false);
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|");
        } catch (IllegalArgumentException e) {
            throw new Refused("This is not a Kizuki action link.", false);
        }
        boolean first = parts.length == 6 && VERSION_1.equals(parts[0]);
        if (!(first
                        || (parts.length == 7
                                && VERSION.equals(parts[0])
                                && VIA.matcher(parts[6]).matches()))
                || !ACTION.matcher(parts[3]).matches()
                || !parts[4].matches("[0-9]{1,12}")) {
            throw new Refused("This is not a Kizuki action link.", false);
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[4]));
        if (!now.isBefore(expires)) {
            throw new Refused("This link expired at " + expires + ". Open the incident in the console instead.", true);
        }
        return new Claim(parts[1], parts[2], parts[3], expires, parts[5], first ? "email" : parts[6]);
    }

    private String mac(String encoded) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return ENCODER.encodeToString(mac.doFinal(encoded.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String digest(String id) {
        return ENCODER.encodeToString(sha256(id)).substring(0, 16);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
