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
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;
import io.kizuki.notify.config.NotifyConfig;

/** Posts a JSON body (or another); 2xx is delivered, anything else a {@link DeliveryException} saying whether to try again. */
@ApplicationScoped
public class JsonPost {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final Duration timeout;
    private final OutboundAddresses outbound;

    public JsonPost(NotifyConfig config, OutboundAddresses outbound) {
        this.timeout = config.delivery().timeout();
        this.outbound = outbound;
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
        return send(channel, "POST", url, "application/json; charset=utf-8", body, headers);
    }

    /** As {@link #post}, with the method and media type given (a form to Twilio, a gateway's own shape). */
    public CompletableFuture<Void> send(
            String channel, String method, URI url, String contentType, byte[] body, Map<String, String> headers) {
        try {
            outbound.check(channel, url.getHost());
        } catch (DeliveryException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        var request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        // the receiver's body is never read: only its status is kept (what it says could be anything, of any size)
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    try (InputStream ignored = response.body()) {
                        if (response.statusCode() / 100 != 2) {
                            throw DeliveryException.ofStatus(
                                    channel,
                                    response.statusCode(),
                                    response.headers().firstValue("Retry-After").orElse(null));
                        }
                        return null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
