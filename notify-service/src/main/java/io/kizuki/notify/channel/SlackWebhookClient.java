package io.kizuki.notify.channel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;
import io.kizuki.notify.config.NotifyConfig;
import io.smallrye.mutiny.Uni;

/** Posts messages to a Slack incoming webhook. Slack answers 200 {@code ok}; anything else is a failure. */
@ApplicationScoped
public class SlackWebhookClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final NotifyConfig config;

    public SlackWebhookClient(NotifyConfig config) {
        this.config = config;
    }

    public Uni<Void> post(URI webhook, Map<String, Object> message) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        var request = HttpRequest.newBuilder(webhook)
                .timeout(config.slack().timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new SlackDeliveryException(response.statusCode(), response.body());
                    }
                    return null;
                });
    }

    /** Slack refused or failed the post. */
    public static class SlackDeliveryException extends RuntimeException {

        public SlackDeliveryException(int status, String body) {
            super("Slack answered " + status + ": " + body);
        }
    }
}
