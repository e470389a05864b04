package io.kizuki.importer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.importer.SourceFiles.Recorded;

/**
 * Reads what an import needs from Opsgenie's REST API v2, following each list's {@code paging.next} (a page of 100):
 * the users and each one's contacts and notification rules (with the steps of those for new alerts), the schedules with their rotations and each one's overrides, the escalations,
 * the teams and each one's routing rules, the integrations.
 */
final class OpsgenieApi implements SourceApi {

    private final SourceHttp http;

    OpsgenieApi(HttpClient client, URI base, String key) {
        this.http = new SourceHttp(
                client, base, "Opsgenie", "Authorization", "GenieKey " + key, "Accept", "application/json");
    }

    @Override
    public List<Recorded> read(Instant now) throws IOException, InterruptedException {
        List<Recorded> recorded = new ArrayList<>();
        for (Recorded page : list("/v2/users", "limit=100&offset=0")) {
            recorded.add(page);
            for (JsonNode user : page.body().path("data")) {
                String path = "/v2/users/" + user.path("id").asText();
                recorded.add(get(path + "/contacts", ""));
                Recorded rules = get(path + "/notification-rules", "");
                recorded.add(rules);
                for (JsonNode rule : rules.body().path("data")) {
                    if ("create-alert".equals(rule.path("actionType").asText())) {
                        recorded.add(get(
                                path + "/notification-rules/" + rule.path("id").asText() + "/steps", ""));
                    }
                }
            }
        }
        for (Recorded page : list("/v2/schedules", "expand=rotation")) {
            recorded.add(page);
            for (JsonNode schedule : page.body().path("data")) {
                recorded.add(get("/v2/schedules/" + schedule.path("id").asText() + "/overrides", ""));
            }
        }
        recorded.addAll(list("/v2/escalations", ""));
        for (Recorded page : list("/v2/teams", "")) {
            recorded.add(page);
            for (JsonNode team : page.body().path("data")) {
                recorded.add(get("/v2/teams/" + team.path("id").asText() + "/routing-rules", ""));
            }
        }
        recorded.addAll(list("/v2/integrations", ""));
        return recorded;
    }

    /** Every page of a list: the next page's query is the one {@code paging.next} gives, on this API's host. */
    private List<Recorded> list(String path, String query) throws IOException, InterruptedException {
        List<Recorded> pages = new ArrayList<>();
        String next = query;
        for (int page = 0; next != null && page < 10_000; page++) {
            Recorded answer = get(path, next);
            pages.add(answer);
            String link = answer.body().path("paging").path("next").asText("");
            next = link.isEmpty()
                            || !answer.body().path("data").isArray()
                            || answer.body().path("data").isEmpty()
                    ? null
                    : URI.create(link).getRawQuery();
        }
        return pages;
    }

    private Recorded get(String path, String query) throws IOException, InterruptedException {
        return http.get(path, path + (query == null || query.isEmpty() ? "" : "?" + query));
    }
}
