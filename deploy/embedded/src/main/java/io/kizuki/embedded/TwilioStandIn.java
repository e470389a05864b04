package io.kizuki.embedded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.kizuki.ledger.WireCodec;

/**
 * Stands in for Twilio's REST API at {@code /twilio/} on the stand-ins' port, checking what Twilio checks: Basic auth
 * of the account SID and auth token ({@link #ACCOUNT_SID}, {@link #AUTH_TOKEN}; else 401, code 20003), the account in
 * the path, form parameters by Twilio's names ({@code To}, {@code From}, {@code Body} for {@code Messages.json};
 * {@code To}, {@code From}, {@code Twiml} for {@code Calls.json}), E.164 numbers (21211 for {@code To}), the account's
 * own number as {@code From} (21212), a body of 1 to 1,600 characters (21602, 21617), well-formed TwiML whose root
 * is {@code <Response>} (12100), and a {@code StatusCallback} (if any) that is a full URL (21609). It answers 201 with
 * the message's or call's {@code sid}, and errors as Twilio's JSON ({@code code}, {@code message}, {@code status}). It
 * acts as the person and as Twilio too: {@link #pressKey} posts the key to a call's {@code <Gather>} action,
 * {@link #endCall} a call's end to its {@code StatusCallback}, and {@link #reply} a text to Kizuki's incoming-message
 * webhook, each signed with {@code X-Twilio-Signature} as Twilio signs.
 */
public final class TwilioStandIn {

    /** The local stack's account (notify-service's {@code local} profile has the same). */
    public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";

    public static final String AUTH_TOKEN = "devonlylocaltwilioauthtoken0000";
    /** The account's number: what texts and calls come from. */
    public static final String NUMBER = "+15005550006";

    private static final Pattern RESOURCE =
            Pattern.compile("/twilio/2010-04-01/Accounts/([^/]+)/(Messages|Calls)\\.json");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final ObjectMapper mapper = WireCodec.newMapper();
    private final List<ObjectNode> texts = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> calls = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> refused = new CopyOnWriteArrayList<>();
    private final AtomicLong sids = new AtomicLong();
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile int failTexts;

    /** What a request the stand-in made as Twilio got back. */
    public record Answer(int status, String body) {}

    /** The texts it took, in order: {@code sid}, {@code to}, {@code from}, {@code body}, {@code receivedAt}. */
    public List<ObjectNode> texts() {
        return List.copyOf(texts);
    }

    /**
     * The calls it took, in order: {@code sid}, {@code to}, {@code from}, {@code twiml}, {@code say} (what is read
     * out), {@code action} (where a key goes, if it gathers one), {@code timeout} and {@code statusCallback}.
     */
    public List<ObjectNode> calls() {
        return List.copyOf(calls);
    }

    /** What it refused, in order: {@code path}, {@code status}, {@code code}. */
    public List<ObjectNode> refused() {
        return List.copyOf(refused);
    }

    /** Every text from now on is refused with {@code status} as Twilio refuses a number it cannot text (0: taken). */
    public void failTextsWith(int status) {
        this.failTexts = status;
    }

    /** The person presses {@code digits} in a call ({@link #calls()}), as Twilio posts a {@code <Gather>}'s result. */
    public Answer pressKey(ObjectNode call, String digits) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", ACCOUNT_SID);
        form.put("CallSid", call.path("sid").asText());
        form.put("From", call.path("from").asText());
        form.put("To", call.path("to").asText());
        form.put("Digits", digits);
        return post(call.path("action").asText(), form, AUTH_TOKEN);
    }

    /**
     * The call ({@link #calls()}) ended as {@code status} ({@code no-answer}, {@code busy}, {@code completed}): posts
     * its status callback as Twilio does.
     */
    public Answer endCall(ObjectNode call, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", ACCOUNT_SID);
        form.put("CallSid", call.path("sid").asText());
        form.put("CallStatus", status);
        form.put("CallDuration", "0");
        form.put("Direction", "outbound-api");
        form.put("From", call.path("from").asText());
        form.put("To", call.path("to").asText());
        return post(call.path("statusCallback").asText(), form, AUTH_TOKEN);
    }

    /** The person texts {@code body} from {@code from} to Kizuki's incoming-message webhook at {@code url}. */
    public Answer reply(String url, String from, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", ACCOUNT_SID);
        form.put("MessageSid", "SM" + String.format("%032x", sids.incrementAndGet() + 0x10000));
        form.put("From", from);
        form.put("To", NUMBER);
        form.put("Body", body);
        return post(url, form, AUTH_TOKEN);
    }

    /** Posts a form to {@code url} signed with {@code key} as Twilio signs (a wrong key forges). */
    public Answer post(String url, Map<String, String> form, String key) {
        return signedPost(http, url, form, "X-Twilio-Signature", key);
    }

    /** Posts a form to {@code url} with Twilio's signature of it with {@code key} in {@code header}. */
    static Answer signedPost(HttpClient http, String url, Map<String, String> form, String header, String key) {
        String body = form.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(header, signature(key, url, form))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA1 of the URL and each parameter's name and value sorted by name, Base64: {@code X-Twilio-Signature}. */
    public static String signature(String key, String url, Map<String, String> form) {
        StringBuilder data = new StringBuilder(url);
        form.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> data.append(entry.getKey())
                .append(entry.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/twilio/texts") || path.equals("/twilio/calls")) {
                respond(exchange, 200, mapper.writeValueAsString(path.endsWith("texts") ? texts : calls));
                return;
            }
            Matcher resource = RESOURCE.matcher(path);
            if (!resource.matches() || !"POST".equals(exchange.getRequestMethod())) {
                error(exchange, path, 404, 20404, "The requested resource " + path + " was not found");
                return;
            }
            String expected = "Basic "
                    + Base64.getEncoder()
                            .encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, path, 401, 20003, "Authenticate");
                return;
            }
            if (!ACCOUNT_SID.equals(resource.group(1))) {
                error(exchange, path, 403, 20003, "The account in the URL is not the authenticated one");
                return;
            }
            Map<String, String> form = form(exchange.getRequestBody().readAllBytes());
            String to = form.getOrDefault("To", "");
            if (!E164.matcher(to).matches()) {
                error(exchange, path, 400, 21211, "The 'To' number " + to + " is not a valid phone number.");
                return;
            }
            if (!NUMBER.equals(form.get("From"))) {
                error(exchange, path, 400, 21212, "The 'From' number is not a valid phone number of this account.");
                return;
            }
            ObjectNode taken = mapper.createObjectNode()
                    .put("to", to)
                    .put("from", NUMBER)
                    .put("receivedAt", Instant.now().toString());
            if (resource.group(2).equals("Messages")) {
                String body = form.getOrDefault("Body", "");
                if (failTexts != 0) {
                    error(exchange, path, failTexts, 21610, "Attempt to send to unsubscribed recipient");
                    return;
                }
                if (body.isEmpty()) {
                    error(exchange, path, 400, 21602, "Message body is required.");
                    return;
                }
                if (body.length() > 1_600) {
                    error(
                            exchange,
                            path,
                            400,
                            21617,
                            "The concatenated message body exceeds the 1600 character limit.");
                    return;
                }
                taken.put("sid", "SM" + String.format("%032x", sids.incrementAndGet()))
                        .put("body", body);
                texts.add(taken);
            } else {
                String twiml = form.get("Twiml");
                Document document = twiml == null || twiml.length() > 4_000 ? null : parse(twiml);
                if (document == null
                        || !"Response".equals(document.getDocumentElement().getTagName())) {
                    error(
                            exchange,
                            path,
                            400,
                            12100,
                            "Document parse failure: Twiml must be TwiML of at most 4000 characters");
                    return;
                }
                String statusCallback = form.getOrDefault("StatusCallback", "");
                if (!statusCallback.isEmpty()
                        && (statusCallback.length() > 4_000 || !statusCallback.matches("https?://[^\\s_/]+/\\S*"))) {
                    error(exchange, path, 400, 21609, "Invalid 'StatusCallback'");
                    return;
                }
                NodeList gathers = document.getElementsByTagName("Gather");
                NodeList says = document.getElementsByTagName("Say");
                taken.put("sid", "CA" + String.format("%032x", sids.incrementAndGet()))
                        .put("twiml", twiml)
                        .put("say", says.getLength() == 0 ? "" : says.item(0).getTextContent())
                        .put("timeout", form.getOrDefault("Timeout", "60"))
                        .put("statusCallback", statusCallback)
                        .put(
                                "action",
                                gathers.getLength() == 0 ? "" : ((Element) gathers.item(0)).getAttribute("action"));
                calls.add(taken);
            }
            respond(
                    exchange,
                    201,
                    mapper.writeValueAsString(mapper.createObjectNode()
                            .put("sid", taken.path("sid").asText())
                            .put("account_sid", ACCOUNT_SID)
                            .put("status", "queued")));
        }
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return null;
        }
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.isEmpty() ? new String[0] : text.split("&")) {
            int equals = pair.indexOf('=');
            try {
                form.put(
                        URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                form.put("", "");
            }
        }
        return form;
    }

    private void error(HttpExchange exchange, String path, int status, int code, String message) throws IOException {
        refused.add(mapper.createObjectNode()
                .put("path", path)
                .put("status", status)
                .put("code", code));
        respond(
                exchange,
                status,
                mapper.writeValueAsString(mapper.createObjectNode()
                        .put("code", code)
                        .put("message", message)
                        .put("more_info", "https://www.twilio.com/docs/errors/" + code)
                        .put("status", status)));
    }

    /** Answers with a JSON body. */
    static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
