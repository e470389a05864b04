package io.kizuki.embedded;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.kizuki.ledger.WireCodec;

/**
 * Stands in for an SMS gateway at {@code /gateway/messages} on the stand-ins' port, shaped as notify-service's
 * default gateway template sends (the local profile's {@code kizuki.notify.telephony.gateway.*}): a JSON POST
 * {@code {"to", "text", "kind"}} with the bearer token {@link #TOKEN}. It checks what such a gateway checks: the
 * token (401), JSON (415), {@code to} an E.164 number, {@code text} of 1 to 1,600 characters, {@code kind} {@code sms}
 * or {@code voice} (400 naming the field), and answers 202 with the message's id. It acts as the person too:
 * {@link #reply} posts a text to Kizuki's incoming-message webhook as a gateway does, a form ({@code From},
 * {@code Body}) signed with {@link #SECRET} in {@code X-Kizuki-Signature} as Twilio signs.
 */
public final class GatewayStandIn {

    /** The bearer token the gateway takes (the local profile's {@code Authorization} header). */
    public static final String TOKEN = "devonlylocalgatewaytoken0000000";
    /** The key its replies are signed with (the local profile's {@code kizuki.notify.telephony.gateway.secret}). */
    public static final String SECRET = "devonlylocalgatewaysecret000000";
    /** The gateway's own number: what replies are sent to. */
    public static final String NUMBER = "+15005550009";

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final ObjectMapper mapper = WireCodec.newMapper();
    private final List<ObjectNode> sent = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> refused = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final HttpClient http = HttpClient.newHttpClient();

    /** The messages it took, in order: {@code id}, {@code to}, {@code text}, {@code kind}, {@code receivedAt}. */
    public List<ObjectNode> sent() {
        return List.copyOf(sent);
    }

    /** What it refused, in order: {@code status} and {@code error}. */
    public List<ObjectNode> refused() {
        return List.copyOf(refused);
    }

    /** The person texts {@code body} from {@code from}: the gateway posts it to Kizuki's webhook at {@code url}. */
    public TwilioStandIn.Answer reply(String url, String from, String body) {
        return reply(url, from, body, SECRET);
    }

    /** As {@link #reply}, signed with {@code key} (a wrong key forges). */
    public TwilioStandIn.Answer reply(String url, String from, String body, String key) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("From", from);
        form.put("To", NUMBER);
        form.put("Body", body);
        return TwilioStandIn.signedPost(http, url, form, "X-Kizuki-Signature", key);
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/gateway/messages")) {
                error(exchange, 404, "no such resource: " + path);
                return;
            }
            if ("GET".equals(exchange.getRequestMethod())) {
                TwilioStandIn.respond(exchange, 200, mapper.writeValueAsString(sent));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "POST a message");
                return;
            }
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, "Authorization: a valid bearer token is required");
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                error(exchange, 415, "Content-Type must be application/json");
                return;
            }
            JsonNode message;
            try {
                message = mapper.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                error(exchange, 400, "the body is not JSON");
                return;
            }
            String to = message.path("to").asText("");
            String text = message.path("text").asText("");
            String kind = message.path("kind").asText("");
            if (!message.isObject() || !E164.matcher(to).matches()) {
                error(exchange, 400, "to: an E.164 number is required");
                return;
            }
            if (text.isEmpty() || text.length() > 1_600) {
                error(exchange, 400, "text: 1 to 1600 characters");
                return;
            }
            if (!kind.equals("sms") && !kind.equals("voice")) {
                error(exchange, 400, "kind: sms or voice");
                return;
            }
            ObjectNode taken = mapper.createObjectNode()
                    .put("id", "msg-" + ids.incrementAndGet())
                    .put("to", to)
                    .put("text", text)
                    .put("kind", kind)
                    .put("receivedAt", Instant.now().toString());
            sent.add(taken);
            TwilioStandIn.respond(
                    exchange,
                    202,
                    mapper.writeValueAsString(mapper.createObjectNode()
                            .put("id", taken.path("id").asText())
                            .put("state", "pending")));
        }
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        refused.add(mapper.createObjectNode().put("status", status).put("error", message));
        TwilioStandIn.respond(
                exchange,
                status,
                mapper.writeValueAsString(mapper.createObjectNode().put("error", message)));
    }
}
