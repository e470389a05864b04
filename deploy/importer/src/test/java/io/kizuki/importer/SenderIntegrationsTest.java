package io.kizuki.importer;

import static io.kizuki.importer.Answers.answer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

class SenderIntegrationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void makesAnIntegrationForEachSenderKizukiReadsOnceAndAsksForAProductTheSourceDoesNotGive() throws Exception {
        JsonNode senders = JSON.readTree("""
                [{"service": "shop-checkout", "product": "shop", "integration": "Prometheus",
                  "type": "events_api_v2_inbound_integration", "format": "/v2/enqueue (PagerDuty Events API v2)"},
                 {"service": "search-api", "product": null, "integration": "Grafana",
                  "type": "events_api_v2_inbound_integration", "format": "/v2/enqueue (PagerDuty Events API v2)"},
                 {"service": "search-api", "product": "search", "integration": "Email",
                  "type": "generic_email_inbound_integration", "format": null}]
                """);
        List<String> made = new CopyOnWriteArrayList<>();
        HttpServer incident = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        incident.createContext("/api/v1/integrations", exchange -> {
            if (!"Bearer admin-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{}");
            } else if (exchange.getRequestMethod().equals("GET")) {
                answer(
                        exchange,
                        200,
                        JSON.writeValueAsString(made.stream()
                                .map(body -> {
                                    try {
                                        return JSON.readTree(body);
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                })
                                .toList()));
            } else {
                made.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                answer(exchange, 201, "{\"routingKey\": \"R0UT1NGKEY" + made.size() + "\"}");
            }
        });
        incident.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + incident.getAddress().getPort());
            SenderIntegrations integrations = new SenderIntegrations(HttpClient.newHttpClient(), uri, "admin-token");
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            assertThat(integrations.make(
                            "pagerduty", senders, null, new PrintStream(first, true, StandardCharsets.UTF_8)))
                    .isFalse();
            assertThat(first.toString(StandardCharsets.UTF_8))
                    .contains(
                            "+ pagerduty-shop-checkout-prometheus (product shop): point Prometheus at " + uri
                                    + "/v2/enqueue with the routing key R0UT1NGKEY1",
                            "? pagerduty-search-api-grafana: the source gives it no product; run again with --product")
                    .doesNotContain("email");
            assertThat(made).singleElement().satisfies(body -> assertThat(
                            JSON.readTree(body).path("product").asText())
                    .isEqualTo("shop"));

            ByteArrayOutputStream second = new ByteArrayOutputStream();
            assertThat(integrations.make(
                            "pagerduty", senders, "search", new PrintStream(second, true, StandardCharsets.UTF_8)))
                    .isTrue();
            assertThat(second.toString(StandardCharsets.UTF_8))
                    .contains(
                            "= pagerduty-shop-checkout-prometheus exists",
                            "+ pagerduty-search-api-grafana (product search)");
            assertThat(made).hasSize(2);
        } finally {
            incident.stop(0);
        }
    }
}
