package io.kizuki.importer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.importer.SourceFiles.Recorded;

/**
 * Reads what an import needs from PagerDuty's REST API v2, a page of 100 at a time ({@code offset}, {@code limit},
 * {@code more}): the users with their contact methods and notification rules, every schedule with its layers and its
 * overrides of the next {@value #OVERRIDE_DAYS} days, the escalation policies and the services.
 */
final class PagerDutyApi implements SourceApi {

    static final int OVERRIDE_DAYS = 365;
    private static final int LIMIT = 100;
    private final SourceHttp http;

    PagerDutyApi(HttpClient client, URI base, String token) {
        this.http = new SourceHttp(
                client,
                base,
                "PagerDuty",
                "Authorization",
                "Token token=" + token,
                "Accept",
                "application/vnd.pagerduty+json;version=2");
    }

    @Override
    public List<Recorded> read(Instant now) throws IOException, InterruptedException {
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
        return http.get(path, path + (query.isEmpty() ? "" : "?" + query));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
