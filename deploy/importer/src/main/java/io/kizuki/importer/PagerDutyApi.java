package io.kizuki.importer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.importer.SourceFiles.Recorded;

/**
 * Reads what an import needs from PagerDuty's REST API v2, a page of 100 at a time ({@code offset}, {@code limit},
 * {@code more}): the users with their contact methods and notification rules, every schedule with its layers and its
 * overrides of the next {@value #OVERRIDE_DAYS} days, the escalation policies and the services.
 */
final class PagerDutyApi {

    static final int OVERRIDE_DAYS = 365;
    private static final int LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String token;

    PagerDutyApi(HttpClient http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    List<Recorded> read(Instant now) throws IOException, InterruptedException {
        List<Recorded> recorded = new ArrayList<>();
        list("/users", "include[]=contact_methods&include[]=notification_rules", recorded);
        List<Recorded> schedules = new ArrayList<>();
        list("/schedules", "", schedules);
        for (Recorded page : schedules) {
            for (JsonNode schedule : page.body().path("schedules")) {
                String id = schedule.path("id").asText();
                recorded.add(get("/schedules/" + id, ""));
                recorded.add(get(
                        "/schedules/" + id + "/overrides",
                        "since=" + encode(now.toString()) + "&until="
                                + encode(
                                        now.plus(Duration.ofDays(OVERRIDE_DAYS)).toString())));
            }
        }
        list("/escalation_policies", "", recorded);
        list("/services", "", recorded);
        return recorded;
    }

    private void list(String path, String query, List<Recorded> into) throws IOException, InterruptedException {
        for (int offset = 0; ; offset += LIMIT) {
            Recorded page = get(path, (query.isEmpty() ? "" : query + "&") + "limit=" + LIMIT + "&offset=" + offset);
            into.add(page);
            if (!page.body().path("more").asBoolean(false)) {
                return;
            }
        }
    }

    private Recorded get(String path, String query) throws IOException, InterruptedException {
        URI uri = base.resolve(path + (query.isEmpty() ? "" : "?" + query));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Token token=" + token)
                        .header("Accept", "application/vnd.pagerduty+json;version=2")
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PagerDuty answered " + response.statusCode() + " to GET " + path);
        }
        return new Recorded(path, JSON.readTree(response.body()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
