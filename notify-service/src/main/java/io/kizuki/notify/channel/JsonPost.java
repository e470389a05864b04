package io.kizuki.notify.channel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;
import io.kizuki.notify.config.NotifyConfig;

/** Posts a JSON body; 2xx is delivered, anything else a {@link DeliveryException} saying whether to try again. */
@ApplicationScoped
public class JsonPost {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final Duration timeout;

    public JsonPost(NotifyConfig config) {
        this.timeout = config.delivery().timeout();
    }

    public byte[] json(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body, e);
        }
    }

    /**
     * @param channel what to call the receiver in a failure's message
     * @param headers extra request headers (a signature)
     */
    public CompletableFuture<Void> post(String channel, URI url, byte[] body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw DeliveryException.ofStatus(channel, response.statusCode(), response.body(),
                        response.headers().firstValue("Retry-After").orElse(null));
            }
            return null;
        });
    }
}
