package io.kizuki.importer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.kizuki.importer.SourceFiles.Recorded;

/**
 * Reads what an import needs from Grafana OnCall's public API v1 (its {@code Authorization} header is the API
 * token), following each list's {@code next} page: users, teams, schedules, on-call shifts, escalation chains and their
 * policies, integrations, personal notification rules. Recorded under each path without its trailing slash.
 */
final class GrafanaOnCallApi implements SourceApi {

    static final List<String> LISTS = List.of(
            "/api/v1/users",
            "/api/v1/teams",
            "/api/v1/schedules",
            "/api/v1/on_call_shifts",
            "/api/v1/escalation_chains",
            "/api/v1/escalation_policies",
            "/api/v1/integrations",
            "/api/v1/personal_notification_rules");
    private final SourceHttp http;

    GrafanaOnCallApi(HttpClient client, URI base, String token) {
        this.http =
                new SourceHttp(client, base, "Grafana OnCall", "Authorization", token, "Accept", "application/json");
    }

    @Override
    public List<Recorded> read(Instant now) throws IOException, InterruptedException {
        List<Recorded> recorded = new ArrayList<>();
        for (String path : LISTS) {
            String query = "";
            for (int page = 0; query != null && page < 10_000; page++) {
                Recorded answer = get(path, query);
                recorded.add(answer);
                String next = answer.body().path("next").asText("");
                query = next.isEmpty() ? null : URI.create(next).getRawQuery();
            }
        }
        return recorded;
    }

    private Recorded get(String path, String query) throws IOException, InterruptedException {
        return http.get(path, path + "/" + (query.isEmpty() ? "" : "?" + query));
    }
}
