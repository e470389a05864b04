package io.kizuki.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class SlackStandInTest {

    private static SlackStandIn slack;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        slack = SlackStandIn.start(0);
    }

    @AfterAll
    static void stop() {
        slack.close();
    }

    @Test
    void acceptsATextMessageAndListsIt() throws Exception {
        var response = post(slack.webhookUrl(), "application/json", "{\"text\":\"hello from the test\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        var listed = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + slack.port() + "/messages"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.body()).contains("hello from the test");
    }

    @Test
    void refusesWhatSlackRefuses() throws Exception {
        assertThat(post(slack.webhookUrl(), "application/json", "{\"username\":\"x\"}")
                        .body())
                .isEqualTo("no_text");
        assertThat(post(slack.webhookUrl(), "application/json", "{not json").body())
                .isEqualTo("invalid_payload");
        assertThat(post(slack.webhookUrl(), "text/plain", "{\"text\":\"x\"}").statusCode())
                .isEqualTo(400);
        assertThat(post(slack.webhookUrl(), "application/json", "{\"blocks\":[{\"type\":\"banner\"}]}")
                        .body())
                .isEqualTo("invalid_blocks");
        var wrongPath =
                post("http://localhost:" + slack.port() + "/services/nope", "application/json", "{\"text\":\"x\"}");
        assertThat(wrongPath.statusCode()).isEqualTo(404);
        assertThat(wrongPath.body()).isEqualTo("no_service");
    }

    @Test
    void refusesAHeaderLongerThanSlackAllows() {
        String header = "x".repeat(151);
        var payload = new ObjectMapper().createObjectNode();
        payload.putArray("blocks")
                .addObject()
                .put("type", "header")
                .putObject("text")
                .put("type", "plain_text")
                .put("text", header);

        assertThat(SlackStandIn.validate(payload)).isEqualTo("invalid_blocks");
    }

    private HttpResponse<String> post(String url, String contentType, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
