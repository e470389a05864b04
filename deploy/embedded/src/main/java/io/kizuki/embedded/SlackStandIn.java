package io.kizuki.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kizuki.ledger.WireCodec;

/**
 * Stands in for Slack's incoming webhooks, which cannot be reached from here. It checks what Slack checks — the
 * webhook path, a JSON body, {@code text} or valid {@code blocks} — and answers as Slack does ({@code 200 ok}, or
 * {@code 400 invalid_payload}/{@code no_text}/{@code invalid_blocks}, {@code 404 no_service}). What it accepts is
 * listed at {@code GET /messages} (JSON; {@code ?from=N} lists only those after the first N, for a reader that
 * polls); {@code DELETE /messages} forgets it.
 * <p>
 * It also receives generic webhooks at {@code /hooks/<name>} (listed with their headers at {@code GET /hooks}), and
 * lists the local SMTP server's mails at {@code GET /mails}. A test can make a path answer what Slack answers when
 * it is down or rate-limits ({@link #answerNext}: {@code 500}, or {@code 429} with {@code Retry-After}).
 * <p>
 * As Slack does for an app, it sends signed requests ({@link #click}, {@link #slashCommand}: {@code X-Slack-Signature}
 * under {@link #SIGNING_SECRET}) and takes the answers at the {@code response_url} it gave, {@code /actions/…}, as
 * Slack does: JSON with {@code text} or valid {@code blocks}, at most five answers per URL ({@code used_url} after);
 * they are listed at {@code GET /responses}.
 * <p>
 * It stands in for Mattermost too: incoming webhooks at {@code /mattermost/hooks/<26 characters>} take what
 * Mattermost takes (JSON with {@code text} or message {@code attachments}, each button with an alphanumeric
 * {@code id}, a {@code name} and an {@code integration.url}), listed at {@code GET /mattermost/posts}; and like
 * Mattermost it posts a click to the button's URL with the user and the button's {@code context}
 * ({@link #mattermostClick}), and a slash command with its token ({@link #mattermostCommand}). Mattermost signs
 * neither.
 * <p>
 * It stands in for the Slack Web API methods an app posts and updates messages and makes channels with
 * ({@code /api/chat.postMessage}, {@code chat.update}, {@code conversations.create}, {@code conversations.invite},
 * {@code conversations.setPurpose}, {@code conversations.info}, {@code conversations.history}, {@code pins.add}), checking what Slack checks: the bot token ({@link #BOT_TOKEN}, else
 * {@code not_authed}/{@code invalid_auth}), a JSON body, a channel id ({@code channel_not_found}), text or valid
 * blocks, a thread or message that exists ({@code thread_not_found}, {@code message_not_found}), a channel name of
 * lower-case letters, digits, hyphens and underscores, at most 80 ({@code invalid_name_specials},
 * {@code invalid_name_maxlength}, {@code name_taken}), members that are user ids ({@code user_not_found},
 * {@code already_in_channel}); answered as Slack does, HTTP 200 with {@code ok}. The messages as they are now, with
 * how often each was updated, are listed at {@code GET /api/messages}; the channels it made, with their members and
 * pins, at {@code GET /api/channels}. A member may write in such a channel ({@link #postAsMember}) and react to a
 * message, which it posts as the Events API does ({@link #react}, signed).
 * <p>
 * It stands in for an ntfy server too: publishing as JSON at {@code POST /ntfy/} with the access token
 * ({@link #NTFY_TOKEN}, else 401 as ntfy answers), a topic of letters, digits, {@code -} and {@code _} (at most 64), a
 * priority of 1 to 5, at most three actions, each {@code view}, {@code http} or {@code broadcast} with a label and an
 * absolute URL, and a message of at most 4,096 bytes; each refusal is ntfy's JSON error ({@code code}, {@code http},
 * {@code error}). What it took is listed at {@code GET /ntfy/messages}; {@link #pressAction} does what the phone app
 * does when its button is pressed.
 * <p>
 * And for Microsoft Teams' Workflows webhooks ({@code /teams/workflows/<32 hex>/triggers/manual/paths/invoke}, with
 * the {@code sig} query parameter a workflow's URL carries, else {@code 401}): what the workflow's "post card" step
 * takes — a {@code message} whose attachments are Adaptive Cards of a schema version Teams renders (1.0–1.5), known
 * element and action types, {@code Action.OpenUrl} with an absolute http(s) URL, at most 28 KB ({@code 413}) — is
 * answered {@code 202} as a workflow answers and listed at {@code GET /teams/posts}. A real workflow answers
 * {@code 202} before its run fails on a bad card; the stand-in answers {@code 400} with why, so that a test sees it.
 */
public final class SlackStandIn implements AutoCloseable {

    private static final Pattern WEBHOOK_PATH =
            Pattern.compile("/services/T[A-Z0-9]{8,}/B[A-Z0-9]{8,}/[A-Za-z0-9]{20,}");
    private static final Set<String> BLOCK_TYPES = Set.of(
            "header", "section", "context", "divider", "actions", "image", "rich_text", "input", "file", "video");
    private static final int MAX_BLOCKS = 50;
    /** The local stack's Slack app signing secret (notify-service's {@code local} profile has the same). */
    public static final String SIGNING_SECRET = "dev-only-slack-signing-secret";

    private static final Pattern MATTERMOST_HOOK = Pattern.compile("/mattermost/hooks/[a-z0-9]{26}");
    private static final Pattern MATTERMOST_ACTION_ID = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern RESPONSE_PATH = Pattern.compile("/actions/T[A-Z0-9]{8,}/[0-9]{6,}/[A-Za-z0-9]{16,}");
    /** How many times Slack takes an answer at one response_url. */
    private static final int RESPONSE_USES = 5;
    /** The local stack's Slack app bot token (notify-service's {@code local} profile has the same). */
    public static final String BOT_TOKEN = "xoxb-dev-only-local-bot-token";

    private static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{8,20}");
    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9_-]+");
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");
    private static final int MAX_TEXT = 40_000;

    /** The local stack's ntfy access token (notify-service's {@code local} profile has the same). */
    public static final String NTFY_TOKEN = "tk_devonlylocalntfytoken00000000";

    private static final Pattern NTFY_TOPIC = Pattern.compile("[-_A-Za-z0-9]{1,64}");
    private static final Set<String> NTFY_ACTIONS = Set.of("view", "http", "broadcast");
    private static final int NTFY_MESSAGE = 4096;
    private static final Pattern TEAMS_WORKFLOW =
            Pattern.compile("/teams/workflows/[0-9a-f]{32}/triggers/manual/paths/invoke");
    private static final int TEAMS_MAX_BYTES = 28 * 1024;
    private static final Set<String> CARD_VERSIONS = Set.of("1.0", "1.1", "1.2", "1.3", "1.4", "1.5");
    private static final Set<String> CARD_ELEMENTS = Set.of(
            "TextBlock",
            "RichTextBlock",
            "Image",
            "ImageSet",
            "FactSet",
            "Container",
            "ColumnSet",
            "ActionSet",
            "Table");
    private static final Set<String> CARD_ACTIONS =
            Set.of("Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility", "Action.Execute", "Action.Submit");

    private static final int MAX_BODY = 1 << 20;

    /** An answer a path gives instead of its normal one, for a test. */
    public record Answer(int status, String body, String retryAfter) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final List<ObjectNode> messages = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> hooks = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> refused = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> responses = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> mattermostPosts = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> teamsPosts = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> pushes = new CopyOnWriteArrayList<>();
    /** The Web API's messages by {@code <channel>/<ts>}, in the order posted. */
    private final Map<String, ObjectNode> apiMessages = new ConcurrentSkipListMap<>();
    /** The channels its Web API made, by id. */
    private final Map<String, ObjectNode> apiChannels = new ConcurrentSkipListMap<>();

    private final Map<String, Integer> responseUses = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong(System.currentTimeMillis());
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();
    /** Until when every Slack webhook answers {@link #outage}'s status; {@code null}: no outage. */
    private volatile Instant downUntil;

    private volatile int downStatus;
    private final Supplier<List<Map<String, Object>>> mails;
    /** The Twilio stand-in served at {@code /twilio/} on the same port. */
    private final TwilioStandIn twilio = new TwilioStandIn();
    /** The SMS gateway stand-in served at {@code /gateway/} on the same port. */
    private final GatewayStandIn gateway = new GatewayStandIn();

    private SlackStandIn(HttpServer server, Supplier<List<Map<String, Object>>> mails) {
        this.server = server;
        this.mails = mails;
    }

    public static SlackStandIn start(int port) {
        return start(port, List::of);
    }

    /** @param mails the local SMTP server's mails, served at {@code GET /mails} */
    public static SlackStandIn start(int port, Supplier<List<Map<String, Object>>> mails) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
            var standIn = new SlackStandIn(server, mails);
            server.createContext("/", standIn::handle);
            server.createContext("/twilio/", standIn.twilio::handle);
            server.createContext("/gateway/", standIn.gateway::handle);
            server.setExecutor(standIn.executor);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("the Slack stand-in cannot listen on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What it accepted so far, in order: {@code receivedAt}, {@code webhook} and {@code payload} of each. */
    public List<ObjectNode> messages() {
        return List.copyOf(messages);
    }

    /** The generic webhooks received so far: {@code receivedAt}, {@code path}, {@code headers}, {@code body}. */
    public List<ObjectNode> hooks() {
        return List.copyOf(hooks);
    }

    /** The answers taken at its response URLs, in order: {@code receivedAt}, {@code path} and {@code payload}. */
    public List<ObjectNode> responses() {
        return List.copyOf(responses);
    }

    /** The posts its Mattermost webhooks took, in order: {@code receivedAt}, {@code hook} and {@code payload}. */
    public List<ObjectNode> mattermostPosts() {
        return List.copyOf(mattermostPosts);
    }

    /**
     * The messages posted through its Web API, as they are now: {@code channel}, {@code ts}, {@code thread_ts} (a
     * reply), {@code payload} (the latest) and {@code updates} (how many times {@code chat.update} changed it).
     */
    public synchronized List<ObjectNode> apiMessages() {
        return apiMessages.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** The channels made through its Web API: {@code id}, {@code name}, {@code members}, {@code pins}. */
    public synchronized List<ObjectNode> apiChannels() {
        return apiChannels.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** Its Twilio, at {@code /twilio/}: texts and calls taken, and the person answering them. */
    public TwilioStandIn twilio() {
        return twilio;
    }

    /** Its SMS gateway, at {@code /gateway/}: texts and calls taken, and the person replying. */
    public GatewayStandIn gateway() {
        return gateway;
    }

    /** The messages its ntfy took, in order: {@code receivedAt} and {@code payload} (the published JSON). */
    public List<ObjectNode> pushes() {
        return List.copyOf(pushes);
    }

    /**
     * The person presses a button of a push ({@code payload} of one of {@link #pushes()}), as the ntfy app does for an
     * {@code http} action: its method to its URL, with its headers and body.
     */
    public Sent pressAction(JsonNode push, String label) {
        for (JsonNode action : push.path("actions")) {
            if (label.equals(action.path("label").asText())
                    && "http".equals(action.path("action").asText())) {
                Map<String, String> headers = new LinkedHashMap<>();
                action.path("headers")
                        .fields()
                        .forEachRemaining(
                                h -> headers.put(h.getKey(), h.getValue().asText()));
                return request(
                        action.path("method").asText("POST"),
                        action.path("url").asText(),
                        action.path("body").asText(""),
                        headers);
            }
        }
        throw new IllegalArgumentException("the push has no http action " + label);
    }

    /** The cards its Teams workflows took, in order: {@code receivedAt}, {@code workflow} and {@code payload}. */
    public List<ObjectNode> teamsPosts() {
        return List.copyOf(teamsPosts);
    }

    /** A Teams workflow's webhook URL this stand-in takes, one per {@code name}. */
    public String teamsWorkflowUrl(String name) {
        String id;
        try {
            id = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        return "http://localhost:" + port() + "/teams/workflows/" + id
                + "/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=localdev" + id;
    }

    /** A Mattermost incoming-webhook URL this stand-in takes. */
    public String mattermostWebhookUrl() {
        return "http://localhost:" + port() + "/mattermost/hooks/kizukilocaldevmattermost00";
    }

    /**
     * A Mattermost user clicks a button of a post this stand-in took ({@code payload} of one of
     * {@link #mattermostPosts()}), as Mattermost posts it to the button's {@code integration.url}: JSON with the user,
     * the post and the button's {@code context}.
     */
    public Sent mattermostClick(JsonNode post, String userName, String actionId) {
        JsonNode button = null;
        for (JsonNode attachment : post.path("attachments")) {
            for (JsonNode action : attachment.path("actions")) {
                if (actionId.equals(action.path("id").asText())) {
                    button = action;
                }
            }
        }
        if (button == null) {
            throw new IllegalArgumentException("the post has no button " + actionId);
        }
        long n = requests.incrementAndGet();
        ObjectNode click = mapper.createObjectNode();
        click.put(
                "user_id", String.format("%026d", Math.abs(userName.hashCode())).replace('0', 'u'));
        click.put("user_name", userName);
        click.put("channel_id", "kizukilocaldevchannel00000");
        click.put("team_id", "kizukilocaldevteam00000000");
        click.put("post_id", String.format("%026d", n));
        click.put("trigger_id", "trigger" + n);
        click.put("type", "button");
        click.put("data_source", "");
        click.set("context", button.path("integration").path("context"));
        return send(button.path("integration").path("url").asText(), "application/json", click.toString(), Map.of());
    }

    /** A Mattermost user types {@code /kizuki <text>}, as Mattermost posts it with the command's {@code token}. */
    public Sent mattermostCommand(String commandUrl, String userName, String text, String token) {
        long n = requests.incrementAndGet();
        String form = "channel_id=kizukilocaldevchannel00000&channel_name=incidents&command=" + encode("/kizuki")
                + "&response_url=" + encode("http://localhost:" + port() + "/mattermost/responses/" + n)
                + "&team_domain=kizuki&team_id=kizukilocaldevteam00000000&text=" + encode(text) + "&token="
                + encode(token) + "&trigger_id=trigger" + n + "&user_id=kizukilocaldevuser00000000&user_name="
                + encode(userName);
        return send(commandUrl, "application/x-www-form-urlencoded", form, Map.of());
    }

    /** A signed request as Slack sent it ({@code form}, to send again as Slack's retry does) and the answer. */
    public record Sent(String form, int status, String body) {}

    /**
     * A member clicks a button of a message this stand-in received ({@code payload} of one of {@link #messages()}),
     * as Slack posts it to the app's interactivity URL: form field {@code payload} with {@code block_actions} JSON
     * (the user, the action, the message's blocks, a fresh {@code response_url} here), signed at {@code sentAt}.
     */
    public Sent click(String interactivityUrl, JsonNode message, String memberId, String actionId, Instant sentAt) {
        JsonNode button = null;
        for (JsonNode block : message.path("blocks")) {
            for (JsonNode element : block.path("elements")) {
                if (actionId.equals(element.path("action_id").asText())) {
                    button = element;
                }
            }
        }
        if (button == null) {
            throw new IllegalArgumentException("the message has no button " + actionId);
        }
        long n = requests.incrementAndGet();
        ObjectNode payload = mapper.createObjectNode();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", memberId).put("team_id", "T00000000");
        payload.putObject("team").put("id", "T00000000");
        payload.put("api_app_id", "A00000000");
        payload.put("trigger_id", n + ".1.abcdef");
        payload.put("response_url", responseUrl(n));
        payload.putObject("container").put("type", "message").put("message_ts", n / 1000 + ".000100");
        payload.putObject("message").set("blocks", message.path("blocks"));
        ObjectNode action = payload.putArray("actions").addObject();
        action.put("type", "button");
        action.put("action_id", actionId);
        action.put("block_id", button.path("block_id").asText("kizuki-actions"));
        action.put("value", button.path("value").asText());
        action.put("action_ts", n / 1000 + "." + String.format("%06d", n % 1_000_000));
        return post(interactivityUrl, "payload=" + encode(payload.toString()), sentAt, SIGNING_SECRET);
    }

    /** A member types {@code /kizuki <text>}, as Slack posts it to the command's request URL, signed at {@code sentAt}. */
    public Sent slashCommand(String commandUrl, String memberId, String text, Instant sentAt) {
        long n = requests.incrementAndGet();
        String form = "token=deprecatedverificationtoken&team_id=T00000000&team_domain=kizuki&channel_id=C00000000"
                + "&channel_name=incidents&user_id=" + encode(memberId) + "&user_name=someone&command="
                + encode("/kizuki") + "&text=" + encode(text) + "&api_app_id=A00000000&response_url="
                + encode(responseUrl(n)) + "&trigger_id=" + n + ".1.abcdef";
        return post(commandUrl, form, sentAt, SIGNING_SECRET);
    }

    /** A form posted with Slack's headers, signed under {@code secret} at {@code sentAt} (tests sign wrongly too). */
    public Sent post(String url, String form, Instant sentAt, String secret) {
        String timestamp = Long.toString(sentAt.getEpochSecond());
        return send(
                url,
                "application/x-www-form-urlencoded",
                form,
                Map.of(
                        "X-Slack-Request-Timestamp",
                        timestamp,
                        "X-Slack-Signature",
                        signature(secret, timestamp, form.getBytes(StandardCharsets.UTF_8))));
    }

    private Sent send(String url, String contentType, String body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", contentType);
        return request("POST", url, body, all);
    }

    private Sent request(String method, String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Sent(body, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code v0=} and the hex HMAC-SHA256 of {@code v0:<timestamp>:<body>}, as Slack signs. */
    static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String responseUrl(long n) {
        return "http://localhost:" + port() + "/actions/T00000000/" + (100_000 + n) + "/kizukiresponse" + n + "xxxxx";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The requests it answered with a scripted failure: {@code receivedAt}, {@code path}, {@code status}. */
    public List<ObjectNode> refused() {
        return List.copyOf(refused);
    }

    /** The next requests to {@code path} get these answers, in order, before it answers normally again. */
    public void answerNext(String path, Answer... answers) {
        scripted.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    }

    /**
     * An outage of Slack: every request to a Slack webhook path is answered {@code status} (with Slack's body for a
     * server error) for the given time, then normally again. Each is listed in {@link #refused()}.
     */
    public void outage(Duration length, int status) {
        downStatus = status;
        downUntil = Instant.now().plus(length);
    }

    /** A webhook URL this stand-in accepts. */
    public String webhookUrl() {
        return "http://localhost:" + port() + "/services/T00000000/B00000000/kizukilocaldevwebhook00";
    }

    /** The messages after the first {@code from=N} of the query (all without it, or when it is not a number). */
    private static List<ObjectNode> from(List<ObjectNode> messages, String query) {
        if (query == null || !query.matches("from=[0-9]{1,9}")) {
            return messages;
        }
        List<ObjectNode> all = List.copyOf(messages);
        return all.subList(Math.min(Integer.parseInt(query.substring(5)), all.size()), all.size());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/messages")) {
                switch (method) {
                    case "GET" ->
                        respond(
                                exchange,
                                200,
                                "application/json",
                                mapper.writeValueAsString(
                                        from(messages, exchange.getRequestURI().getQuery())));
                    case "DELETE" -> {
                        messages.clear();
                        respond(exchange, 204, null, "");
                    }
                    default -> respond(exchange, 405, "text/plain", "method_not_allowed");
                }
                return;
            }
            if (path.equals("/hooks") || path.equals("/mails")) {
                respond(
                        exchange,
                        200,
                        "application/json",
                        mapper.writeValueAsString(path.equals("/hooks") ? hooks : mails.get()));
                return;
            }
            Instant down = downUntil;
            Answer answer = down != null
                            && Instant.now().isBefore(down)
                            && WEBHOOK_PATH.matcher(path).matches()
                    ? new Answer(downStatus, "internal_error", null)
                    : Optional.ofNullable(scripted.get(path)).map(Deque::poll).orElse(null);
            if (answer != null) {
                exchange.getRequestBody().readAllBytes();
                ObjectNode failed = mapper.createObjectNode();
                failed.put("receivedAt", Instant.now().toString());
                failed.put("path", path);
                failed.put("status", answer.status());
                refused.add(failed);
                if (answer.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
                }
                respond(exchange, answer.status(), "text/plain", answer.body());
                return;
            }
            if (path.equals("/mattermost/posts")) {
                respond(exchange, 200, "application/json", mapper.writeValueAsString(mattermostPosts));
                return;
            }
            if (path.equals("/ntfy/messages")) {
                respond(exchange, 200, "application/json", mapper.writeValueAsString(pushes));
                return;
            }
            if (path.equals("/ntfy/") && method.equals("POST")) {
                receivePush(exchange);
                return;
            }
            if (path.equals("/api/channels")) {
                respond(exchange, 200, "application/json", mapper.writeValueAsString(apiChannels()));
                return;
            }
            if (path.equals("/api/messages")) {
                respond(exchange, 200, "application/json", mapper.writeValueAsString(apiMessages()));
                return;
            }
            if (path.startsWith("/api/") && method.equals("POST")) {
                receiveApi(exchange, path.substring("/api/".length()));
                return;
            }
            if (path.equals("/teams/posts")) {
                respond(exchange, 200, "application/json", mapper.writeValueAsString(teamsPosts));
                return;
            }
            if (TEAMS_WORKFLOW.matcher(path).matches() && method.equals("POST")) {
                receiveTeams(exchange, path);
                return;
            }
            if (MATTERMOST_HOOK.matcher(path).matches() && method.equals("POST")) {
                receiveMattermost(exchange, path);
                return;
            }
            if (path.equals("/responses")) {
                respond(exchange, 200, "application/json", mapper.writeValueAsString(responses));
                return;
            }
            if (RESPONSE_PATH.matcher(path).matches() && method.equals("POST")) {
                receiveResponse(exchange, path);
                return;
            }
            if (path.startsWith("/hooks/") && method.equals("POST")) {
                receiveHook(exchange, path);
                return;
            }
            if (!WEBHOOK_PATH.matcher(path).matches()) {
                respond(exchange, 404, "text/plain", "no_service");
                return;
            }
            if (!method.equals("POST")) {
                respond(exchange, 405, "text/plain", "invalid_method");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
                respond(exchange, 400, "text/plain", "invalid_payload");
                return;
            }
            JsonNode payload = payload(exchange);
            if (payload != null) {
                keep(messages, "webhook", path, payload, exchange);
            }
        }
    }

    /** The body as Slack takes it, or {@code null} once answered with Slack's refusal. */
    private JsonNode payload(HttpExchange exchange) throws IOException {
        byte[] body = read(exchange.getRequestBody());
        if (body == null) {
            respond(exchange, 413, "text/plain", "request_too_large");
            return null;
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(body);
        } catch (IOException e) {
            respond(exchange, 400, "text/plain", "invalid_payload");
            return null;
        }
        String error = validate(payload);
        if (error != null) {
            respond(exchange, 400, "text/plain", error);
            return null;
        }
        return payload;
    }

    private void keep(List<ObjectNode> list, String pathField, String path, JsonNode payload, HttpExchange exchange)
            throws IOException {
        ObjectNode received = mapper.createObjectNode();
        received.put("receivedAt", Instant.now().toString());
        received.put(pathField, path);
        received.set("payload", payload);
        list.add(received);
        respond(exchange, 200, "text/plain", "ok");
    }

    /** Takes a post as Mattermost's incoming webhook does, or answers {@code 400} with why, as Mattermost does. */
    private void receiveMattermost(HttpExchange exchange, String path) throws IOException {
        byte[] body = read(exchange.getRequestBody());
        if (body == null) {
            respond(exchange, 413, "text/plain", "request too large");
            return;
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(body);
        } catch (IOException e) {
            respond(exchange, 400, "text/plain", "Unable to parse incoming data");
            return;
        }
        String error = validateMattermost(payload);
        if (error != null) {
            respond(exchange, 400, "text/plain", error);
            return;
        }
        keep(mattermostPosts, "hook", path, payload, exchange);
    }

    /** A Web API method's call, answered as Slack answers: HTTP 200 with {@code ok} and what it did, or why not. */
    private void receiveApi(HttpExchange exchange, String apiMethod) throws IOException {
        byte[] body = read(exchange.getRequestBody());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        ObjectNode answer = mapper.createObjectNode();
        JsonNode call = null;
        String error = null;
        if (!Set.of(
                        "chat.postMessage",
                        "chat.update",
                        "conversations.create",
                        "conversations.invite",
                        "conversations.setPurpose",
                        "conversations.info",
                        "conversations.history",
                        "pins.add")
                .contains(apiMethod)) {
            error = "unknown_method";
        } else if (authorization == null || !authorization.startsWith("Bearer ")) {
            error = "not_authed";
        } else if (!authorization.equals("Bearer " + BOT_TOKEN)) {
            error = "invalid_auth";
        } else if (body == null) {
            error = "msg_too_long";
        } else if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error = "invalid_arguments";
        } else {
            try {
                call = mapper.readTree(body);
            } catch (IOException e) {
                error = "invalid_json";
            }
        }
        if (error == null) {
            error = switch (apiMethod) {
                case "chat.update" -> update(call, answer);
                case "conversations.create" -> createChannel(call, answer);
                case "conversations.invite" -> invite(call);
                case "pins.add" -> pin(call);
                case "conversations.setPurpose" -> setPurpose(call);
                case "conversations.info" -> info(call, answer);
                case "conversations.history" -> history(call, answer);
                default -> postMessage(call, answer);
            };
        }
        answer.put("ok", error == null);
        if (error != null) {
            answer.put("error", error);
        }
        respond(exchange, 200, "application/json", answer.toString());
    }

    private synchronized String postMessage(JsonNode call, ObjectNode answer) {
        String channel = call.path("channel").asText("");
        String error = checkMessage(call, channel);
        if (error != null) {
            return error;
        }
        String thread = call.path("thread_ts").asText(null);
        if (thread != null && !apiMessages.containsKey(channel + "/" + thread)) {
            return "thread_not_found";
        }
        long n = requests.incrementAndGet();
        String ts = n / 1000 + "." + String.format("%06d", n % 1_000_000);
        ObjectNode message = mapper.createObjectNode();
        message.put("channel", channel);
        message.put("ts", ts);
        if (thread != null) {
            message.put("thread_ts", thread);
        }
        message.set("payload", call);
        message.put("updates", 0);
        apiMessages.put(channel + "/" + ts, message);
        answer.put("channel", channel);
        answer.put("ts", ts);
        return null;
    }

    private synchronized String update(JsonNode call, ObjectNode answer) {
        String channel = call.path("channel").asText("");
        String error = checkMessage(call, channel);
        if (error != null) {
            return error;
        }
        ObjectNode message = apiMessages.get(channel + "/" + call.path("ts").asText(""));
        if (message == null) {
            return "message_not_found";
        }
        message.set("payload", call);
        message.put("updates", message.path("updates").asInt() + 1);
        answer.put("channel", channel);
        answer.put("ts", message.path("ts").asText());
        return null;
    }

    private synchronized String createChannel(JsonNode call, ObjectNode answer) {
        String name = call.path("name").asText("");
        if (name.isEmpty()) {
            return "invalid_name_required";
        }
        if (name.length() > 80) {
            return "invalid_name_maxlength";
        }
        if (!CHANNEL_NAME.matcher(name).matches()) {
            return "invalid_name_specials";
        }
        if (apiChannels.values().stream()
                .anyMatch(channel -> channel.path("name").asText().equals(name))) {
            return "name_taken";
        }
        String id = String.format("C%010d", requests.incrementAndGet() % 10_000_000_000L);
        ObjectNode channel = mapper.createObjectNode();
        channel.put("id", id);
        channel.put("name", name);
        channel.putArray("members");
        channel.putArray("pins");
        apiChannels.put(id, channel);
        answer.set("channel", channel.deepCopy());
        return null;
    }

    private synchronized String invite(JsonNode call) {
        ObjectNode channel = apiChannels.get(call.path("channel").asText(""));
        if (channel == null) {
            return "channel_not_found";
        }
        List<String> users = List.of(call.path("users").asText("").split(","));
        if (users.stream().anyMatch(user -> !USER_ID.matcher(user).matches())) {
            return "user_not_found";
        }
        var members = (ArrayNode) channel.path("members");
        List<String> already = new ArrayList<>();
        members.forEach(member -> already.add(member.asText()));
        if (already.containsAll(users)) {
            return "already_in_channel";
        }
        users.stream().filter(user -> !already.contains(user)).forEach(members::add);
        return null;
    }

    private synchronized String setPurpose(JsonNode call) {
        ObjectNode channel = apiChannels.get(call.path("channel").asText(""));
        if (channel == null) {
            return "channel_not_found";
        }
        if (call.path("purpose").asText("").length() > 250) {
            return "too_long";
        }
        channel.putObject("purpose").put("value", call.path("purpose").asText(""));
        return null;
    }

    private synchronized String info(JsonNode call, ObjectNode answer) {
        ObjectNode channel = apiChannels.get(call.path("channel").asText(""));
        if (channel == null) {
            return "channel_not_found";
        }
        answer.set("channel", channel.deepCopy());
        return null;
    }

    /** The channel's messages from {@code oldest} to {@code latest} (both included with {@code inclusive}). */
    private synchronized String history(JsonNode call, ObjectNode answer) {
        String channelId = call.path("channel").asText("");
        if (!apiChannels.containsKey(channelId)) {
            return "channel_not_found";
        }
        String ts = call.path("latest").asText("");
        ArrayNode messages = answer.putArray("messages");
        ObjectNode message = apiMessages.get(channelId + "/" + ts);
        if (message != null
                && call.path("inclusive").asBoolean(false)
                && ts.equals(call.path("oldest").asText())) {
            ObjectNode found = messages.addObject();
            found.put("type", "message");
            found.put("ts", ts);
            found.put("user", message.path("user").asText("B0KIZUKI"));
            found.put("text", message.path("payload").path("text").asText(""));
        }
        return null;
    }

    /** A member writes in a channel made through the Web API, as Slack keeps it; the message's {@code ts}. */
    public synchronized String postAsMember(String channelId, String memberId, String text) {
        if (!apiChannels.containsKey(channelId)) {
            throw new IllegalArgumentException("no channel " + channelId);
        }
        long n = requests.incrementAndGet();
        String ts = n / 1000 + "." + String.format("%06d", n % 1_000_000);
        ObjectNode message = mapper.createObjectNode();
        message.put("channel", channelId);
        message.put("ts", ts);
        message.put("user", memberId);
        message.putObject("payload").put("text", text);
        message.put("updates", 0);
        apiMessages.put(channelId + "/" + ts, message);
        return ts;
    }

    /**
     * A member adds a reaction to a message, as the Events API posts it to the app's request URL: JSON
     * {@code event_callback} with {@code reaction_added}, signed at {@code sentAt}.
     */
    public Sent react(String eventsUrl, String channelId, String ts, String memberId, String reaction, Instant sentAt) {
        ObjectNode callback = mapper.createObjectNode();
        callback.put("token", "deprecatedverificationtoken");
        callback.put("team_id", "T00000000");
        callback.put("api_app_id", "A00000000");
        callback.put("type", "event_callback");
        callback.put("event_id", "Ev" + requests.incrementAndGet());
        callback.put("event_time", sentAt.getEpochSecond());
        ObjectNode event = callback.putObject("event");
        event.put("type", "reaction_added");
        event.put("user", memberId);
        event.put("reaction", reaction);
        event.put("item_user", "U0SOMEONE1");
        event.putObject("item").put("type", "message").put("channel", channelId).put("ts", ts);
        event.put("event_ts", sentAt.getEpochSecond() + ".000100");
        return postJson(eventsUrl, callback.toString(), sentAt);
    }

    /** Slack checks an Events API request URL: {@code url_verification} with a challenge, signed at {@code sentAt}. */
    public Sent verifyEventsUrl(String eventsUrl, String challenge, Instant sentAt) {
        ObjectNode check = mapper.createObjectNode();
        check.put("token", "deprecatedverificationtoken");
        check.put("challenge", challenge);
        check.put("type", "url_verification");
        return postJson(eventsUrl, check.toString(), sentAt);
    }

    private Sent postJson(String url, String json, Instant sentAt) {
        String timestamp = Long.toString(sentAt.getEpochSecond());
        return send(
                url,
                "application/json",
                json,
                Map.of(
                        "X-Slack-Request-Timestamp",
                        timestamp,
                        "X-Slack-Signature",
                        signature(SIGNING_SECRET, timestamp, json.getBytes(StandardCharsets.UTF_8))));
    }

    private synchronized String pin(JsonNode call) {
        String channelId = call.path("channel").asText("");
        ObjectNode channel = apiChannels.get(channelId);
        if (channel == null) {
            return "channel_not_found";
        }
        String ts = call.path("timestamp").asText("");
        if (!apiMessages.containsKey(channelId + "/" + ts)) {
            return "message_not_found";
        }
        var pins = (ArrayNode) channel.path("pins");
        for (JsonNode pinned : pins) {
            if (pinned.asText().equals(ts)) {
                return "already_pinned";
            }
        }
        pins.add(ts);
        return null;
    }

    /** Why Slack would refuse this message in this channel, or {@code null}. */
    private static String checkMessage(JsonNode call, String channel) {
        if (!CHANNEL_ID.matcher(channel).matches()) {
            return "channel_not_found";
        }
        if (call.path("text").asText("").length() > MAX_TEXT) {
            return "msg_too_long";
        }
        return validate(call);
    }

    /** Takes a message published as JSON as ntfy does, or answers ntfy's error. */
    private void receivePush(HttpExchange exchange) throws IOException {
        byte[] body = read(exchange.getRequestBody());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.equals("Bearer " + NTFY_TOKEN)) {
            ntfyError(exchange, 401, 40101, "unauthorized");
            return;
        }
        if (body == null) {
            ntfyError(exchange, 413, 41301, "request entity too large");
            return;
        }
        JsonNode push;
        try {
            push = mapper.readTree(body);
        } catch (IOException e) {
            ntfyError(exchange, 400, 40024, "invalid request: request body must be message JSON");
            return;
        }
        if (push == null || !NTFY_TOPIC.matcher(push.path("topic").asText("")).matches()) {
            ntfyError(exchange, 400, 40009, "invalid request: topic invalid");
            return;
        }
        if (push.has("priority")
                && !(push.path("priority").isInt()
                        && push.path("priority").asInt() >= 1
                        && push.path("priority").asInt() <= 5)) {
            ntfyError(exchange, 400, 40007, "invalid priority");
            return;
        }
        if (push.path("message").asText("").getBytes(StandardCharsets.UTF_8).length > NTFY_MESSAGE) {
            ntfyError(exchange, 413, 41301, "message too large: it would become an attachment");
            return;
        }
        JsonNode actions = push.path("actions");
        if (actions.size() > 3) {
            ntfyError(exchange, 400, 40018, "invalid request: too many actions, at most 3");
            return;
        }
        for (JsonNode action : actions) {
            String url = action.path("url").asText("");
            if (!NTFY_ACTIONS.contains(action.path("action").asText())
                    || action.path("label").asText("").isBlank()
                    || !(url.startsWith("http://") || url.startsWith("https://"))) {
                ntfyError(exchange, 400, 40018, "invalid request: action invalid");
                return;
            }
        }
        ObjectNode received = mapper.createObjectNode();
        received.put("receivedAt", Instant.now().toString());
        received.set("payload", push);
        pushes.add(received);
        ObjectNode answer = mapper.createObjectNode();
        answer.put("id", Long.toString(requests.incrementAndGet(), 36));
        answer.put("time", Instant.now().getEpochSecond());
        answer.put("event", "message");
        answer.put("topic", push.path("topic").asText());
        answer.put("message", push.path("message").asText("triggered"));
        respond(exchange, 200, "application/json", answer.toString());
    }

    private static void ntfyError(HttpExchange exchange, int status, int code, String error) throws IOException {
        respond(
                exchange,
                status,
                "application/json",
                "{\"code\":" + code + ",\"http\":" + status + ",\"error\":\"" + error + "\"}");
    }

    /** Takes a card as a Teams workflow does, or answers why its run would fail. */
    private void receiveTeams(HttpExchange exchange, String path) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || !query.matches("(.*&)?sig=[^&]+(&.*)?")) {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 401, "application/json", "{\"error\":{\"code\":\"DirectApiAuthorizationRequired\"}}");
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 400, "text/plain", "the body must be JSON");
            return;
        }
        byte[] body = read(exchange.getRequestBody());
        if (body == null || body.length > TEAMS_MAX_BYTES) {
            respond(exchange, 413, "text/plain", "RequestEntityTooLarge: a message is at most 28 KB");
            return;
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(body);
        } catch (IOException e) {
            respond(exchange, 400, "text/plain", "the body is not JSON");
            return;
        }
        String error = validateTeams(payload);
        if (error != null) {
            respond(exchange, 400, "text/plain", error);
            return;
        }
        ObjectNode received = mapper.createObjectNode();
        received.put("receivedAt", Instant.now().toString());
        received.put("workflow", path);
        received.set("payload", payload);
        teamsPosts.add(received);
        respond(exchange, 202, null, "");
    }

    /** Why a Teams workflow's "post card" step would fail on this message, or {@code null}. */
    static String validateTeams(JsonNode payload) {
        if (!"message".equals(payload.path("type").asText())
                || !payload.path("attachments").isArray()
                || payload.path("attachments").isEmpty()) {
            return "a message with attachments is required";
        }
        for (JsonNode attachment : payload.path("attachments")) {
            JsonNode card = attachment.path("content");
            if (!"application/vnd.microsoft.card.adaptive"
                            .equals(attachment.path("contentType").asText())
                    || !"AdaptiveCard".equals(card.path("type").asText())) {
                return "each attachment must be an Adaptive Card";
            }
            if (!CARD_VERSIONS.contains(card.path("version").asText())) {
                return "the card's version must be one Teams renders (1.0 to 1.5)";
            }
            if (!card.path("body").isArray() || card.path("body").isEmpty()) {
                return "the card's body must have elements";
            }
            for (JsonNode element : card.path("body")) {
                String type = element.path("type").asText();
                if (!CARD_ELEMENTS.contains(type)) {
                    return "unknown element type " + type;
                }
                if (type.equals("TextBlock") && !element.path("text").isTextual()) {
                    return "a TextBlock needs text";
                }
                if (type.equals("FactSet")) {
                    for (JsonNode fact : element.path("facts")) {
                        if (!fact.path("title").isTextual()
                                || !fact.path("value").isTextual()) {
                            return "a fact needs a title and a value";
                        }
                    }
                }
            }
            for (JsonNode action : card.path("actions")) {
                String type = action.path("type").asText();
                if (!CARD_ACTIONS.contains(type)) {
                    return "unknown action type " + type;
                }
                String url = action.path("url").asText("");
                if (type.equals("Action.OpenUrl")
                        && (!(url.startsWith("http://") || url.startsWith("https://"))
                                || action.path("title").asText("").isBlank())) {
                    return "an Action.OpenUrl needs a title and an absolute http(s) url";
                }
            }
        }
        return null;
    }

    /** What Mattermost would refuse, or {@code null}. */
    static String validateMattermost(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return "Unable to parse incoming data";
        }
        boolean hasText = payload.path("text").isTextual()
                && !payload.path("text").asText().isBlank();
        JsonNode attachments = payload.path("attachments");
        if (!hasText && (!attachments.isArray() || attachments.isEmpty())) {
            return "text or attachments are required";
        }
        for (JsonNode attachment : attachments) {
            for (JsonNode action : attachment.path("actions")) {
                String url = action.path("integration").path("url").asText("");
                if (!MATTERMOST_ACTION_ID.matcher(action.path("id").asText("")).matches()
                        || action.path("name").asText("").isBlank()
                        || !(url.startsWith("http://") || url.startsWith("https://"))) {
                    return "invalid action: an id of letters and digits, a name and an integration url are required";
                }
            }
        }
        return null;
    }

    private void receiveResponse(HttpExchange exchange, String path) throws IOException {
        if (responseUses.merge(path, 1, Integer::sum) > RESPONSE_USES) {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 404, "text/plain", "used_url");
            return;
        }
        JsonNode payload = payload(exchange);
        if (payload != null) {
            keep(responses, "path", path, payload, exchange);
        }
    }

    private void receiveHook(HttpExchange exchange, String path) throws IOException {
        byte[] body = read(exchange.getRequestBody());
        if (body == null) {
            respond(exchange, 413, "text/plain", "too large");
            return;
        }
        ObjectNode received = mapper.createObjectNode();
        received.put("receivedAt", Instant.now().toString());
        received.put("path", path);
        ObjectNode headers = received.putObject("headers");
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        received.put("body", new String(body, StandardCharsets.UTF_8));
        hooks.add(received);
        respond(exchange, 204, null, "");
    }

    /** What Slack would refuse, as Slack names it; {@code null} when Slack would accept. */
    static String validate(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return "invalid_payload";
        }
        JsonNode text = payload.get("text");
        JsonNode blocks = payload.get("blocks");
        boolean hasText = text != null && text.isTextual() && !text.asText().isBlank();
        if (blocks == null || blocks.isNull()) {
            return hasText ? null : "no_text";
        }
        if (!blocks.isArray() || blocks.size() > MAX_BLOCKS) {
            return "invalid_blocks";
        }
        for (JsonNode block : blocks) {
            JsonNode type = block.get("type");
            if (type == null || !BLOCK_TYPES.contains(type.asText())) {
                return "invalid_blocks";
            }
            if (type.asText().equals("header")) {
                JsonNode headerText = block.get("text");
                if (headerText == null
                        || !"plain_text".equals(headerText.path("type").asText())
                        || headerText.path("text").asText().isEmpty()
                        || headerText.path("text").asText().length() > 150) {
                    return "invalid_blocks";
                }
            }
            if (type.asText().equals("actions")) {
                JsonNode elements = block.get("elements");
                if (elements == null || !elements.isArray() || elements.isEmpty() || elements.size() > 25) {
                    return "invalid_blocks";
                }
            }
            if (type.asText().equals("section")) {
                JsonNode fields = block.get("fields");
                boolean hasSectionText = block.hasNonNull("text");
                if (!hasSectionText && (fields == null || !fields.isArray() || fields.isEmpty())) {
                    return "invalid_blocks";
                }
                if (fields != null && fields.size() > 10) {
                    return "invalid_blocks";
                }
            }
        }
        return blocks.isEmpty() && !hasText ? "no_text" : null;
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
