package io.kizuki.notify.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;
import io.kizuki.notify.config.NotifyConfig;

/**
 * Slack's Web API with the app's bot token ({@code KIZUKI_SLACK_BOT_TOKEN}): a method is a JSON POST to
 * {@code <api>/<method>} with {@code Authorization: Bearer <token>}, answered {@code {"ok": true, …}} or
 * {@code {"ok": false, "error": "…"}} (HTTP 200 either way), or 429 with {@code Retry-After} when rate-limited.
 * A failure of Slack or of the token ({@code invalid_auth}, {@code token_revoked} …) is tried again: it says nothing
 * about the message; a refusal of the message itself ({@code channel_not_found}, {@code invalid_blocks} …) is not.
 */
@ApplicationScoped
public class SlackWebApi {

    /** What Slack says of a method's call that another attempt could change. */
    static final Set<String> TRANSIENT = Set.of(
            "ratelimited",
            "internal_error",
            "fatal_error",
            "service_unavailable",
            "request_timeout",
            "invalid_auth",
            "not_authed",
            "account_inactive",
            "token_revoked",
            "token_expired",
            "missing_scope",
            "team_access_not_granted");

    private static final Pattern ERROR = Pattern.compile("[a-z_]{1,60}");
    private static final int MAX_ANSWER = 1 << 20;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final Optional<String> token;
    private final URI api;
    private final Duration timeout;
    private final OutboundAddresses outbound;

    public SlackWebApi(NotifyConfig config, OutboundAddresses outbound) {
        this.token = config.slack().botToken().filter(value -> !value.isBlank());
        this.api = config.slack().apiUrl();
        this.timeout = config.delivery().timeout();
        this.outbound = outbound;
    }

    /** Whether a bot token is configured: without one, nothing goes through the Web API. */
    public boolean configured() {
        return token.isPresent();
    }

    /** Calls {@code method} with a JSON body; completes with Slack's answer when it is {@code ok}. */
    public CompletableFuture<JsonNode> call(String method, Map<String, Object> body) {
        if (token.isEmpty()) {
            return CompletableFuture.failedFuture(new DeliveryException(
                    "Slack's Web API needs the app's bot token (KIZUKI_SLACK_BOT_TOKEN)", false, null));
        }
        URI url = api.resolve(method);
        try {
            outbound.check("Slack's Web API", url.getHost());
        } catch (DeliveryException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        }
        var request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + token.get())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    try (InputStream answer = response.body()) {
                        if (response.statusCode() / 100 != 2) {
                            throw DeliveryException.ofStatus(
                                    "Slack " + method,
                                    response.statusCode(),
                                    response.headers().firstValue("Retry-After").orElse(null));
                        }
                        JsonNode read = mapper.readTree(answer.readNBytes(MAX_ANSWER));
                        if (read == null || !read.path("ok").asBoolean(false)) {
                            String error =
                                    read == null ? "" : read.path("error").asText("");
                            throw new DeliveryException(
                                    "Slack " + method + " answered "
                                            + (ERROR.matcher(error).matches() ? error : "something else than ok"),
                                    TRANSIENT.contains(error),
                                    null);
                        }
                        return read;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
