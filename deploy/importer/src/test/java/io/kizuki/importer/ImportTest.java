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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.kizuki.importer.SourceFiles.Recorded;

class ImportTest {

    private static final Instant NOW = Instant.parse("2026-10-10T00:00:00Z");

    /**
     * A source's API standing in: answers each path with the saved page the query asks for ({@code page}), or with
     * {@code others}, after checking the credential header as the real API does (401 otherwise).
     */
    private record StandIn(HttpServer server, List<String> asked) implements AutoCloseable {

        static StandIn serving(
                String source, Map<String, String> credentials, ToIntFunction<String> page, Map<String, String> others)
                throws IOException {
            List<Recorded> samples = SourceFiles.read(Path.of("../samples/" + source));
            List<String> asked = new CopyOnWriteArrayList<>();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                asked.add(exchange.getRequestURI().toString());
                if (credentials.entrySet().stream().anyMatch(header -> !header.getValue()
                        .equals(exchange.getRequestHeaders().getFirst(header.getKey())))) {
                    answer(exchange, 401, "{\"message\":\"unauthorized\"}");
                    return;
                }
                String path = exchange.getRequestURI().getPath().replaceAll("(.)/$", "$1");
                String query = exchange.getRequestURI().getRawQuery();
                List<Recorded> pages = samples.stream()
                        .filter(sample -> sample.path().equals(path))
                        .toList();
                if (others.containsKey(path)) {
                    answer(exchange, 200, others.get(path));
                } else if (pages.isEmpty()) {
                    answer(exchange, 404, "{}");
                } else {
                    answer(
                            exchange,
                            200,
                            pages.get(page.applyAsInt(query == null ? "" : query))
                                    .body()
                                    .toString());
                }
            });
            server.start();
            return new StandIn(server, asked);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Map<String, Long> pathsOf(List<Recorded> responses) {
        return responses.stream().collect(Collectors.groupingBy(Recorded::path, Collectors.counting()));
    }

    @Test
    void readsSavedResponsesWithTheirPathsAndThePagesOfAListInOrder(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("users.json"), "{\"users\":[{\"id\":\"P1\"}],\"more\":true}");
        Files.writeString(folder.resolve("users.10.json"), "{\"users\":[{\"id\":\"P10\"}],\"more\":false}");
        Files.writeString(folder.resolve("users.2.json"), "{\"users\":[{\"id\":\"P2\"}],\"more\":true}");
        Files.createDirectories(folder.resolve("schedules/PS1"));
        Files.writeString(folder.resolve("schedules/PS1/overrides.json"), "{\"overrides\":[]}");
        List<Recorded> read = SourceFiles.read(folder);
        assertThat(read)
                .extracting(Recorded::path)
                .containsExactly("/schedules/PS1/overrides", "/users", "/users", "/users");
        assertThat(read.subList(1, 4))
                .extracting(page -> page.body().path("users").get(0).path("id").asText())
                .containsExactly("P1", "P2", "P10");
    }

    @Test
    void readsEveryPageOfPagerDutysApiWithItsTokenAndSavesWhatItReadAsFilesReadAgainAlike(@TempDir Path saved)
            throws Exception {
        try (StandIn pagerDuty = StandIn.serving(
                "pagerduty",
                Map.of("Authorization", "Token token=u+pd-token", "Accept", "application/vnd.pagerduty+json;version=2"),
                query -> query.contains("offset=100") ? 1 : 0,
                Map.of(
                        "/schedules", "{\"schedules\":[{\"id\":\"PSHOP01\"},{\"id\":\"PSRCH01\"}],\"more\":false}",
                        "/schedules/PSRCH01/overrides", "{\"overrides\":[]}"))) {
            List<Recorded> read = new PagerDutyApi(HttpClient.newHttpClient(), pagerDuty.uri(), "u+pd-token").read(NOW);
            assertThat(pagerDuty.asked())
                    .contains(
                            "/users?include[]=contact_methods&include[]=notification_rules&limit=100&offset=0",
                            "/users?include[]=contact_methods&include[]=notification_rules&limit=100&offset=100",
                            "/schedules/PSHOP01/overrides?since=2026-10-10T00%3A00%3A00Z"
                                    + "&until=2027-10-10T00%3A00%3A00Z");
            SourceFiles.write(saved, read);
            List<Recorded> samples = SourceFiles.read(Path.of("../samples/pagerduty"));
            Map<String, Long> expected = pathsOf(samples);
            expected.put("/schedules/PSRCH01/overrides", 1L);
            assertThat(pathsOf(SourceFiles.read(saved))).isEqualTo(expected);
            assertThat(SourceFiles.read(saved).stream()
                            .filter(response -> response.path().equals("/users"))
                            .map(Recorded::body)
                            .toList())
                    .isEqualTo(samples.stream()
                            .filter(response -> response.path().equals("/users"))
                            .map(Recorded::body)
                            .toList());
        }
    }

    @Test
    void readsEveryPageOfOpsgeniesApiByItsPagingLinksWithItsKey() throws Exception {
        try (StandIn opsgenie = StandIn.serving(
                "opsgenie",
                Map.of("Authorization", "GenieKey og-key"),
                query -> query.contains("offset=2") ? 1 : 0,
                Map.of())) {
            List<Recorded> read = new OpsgenieApi(HttpClient.newHttpClient(), opsgenie.uri(), "og-key").read(NOW);
            assertThat(opsgenie.asked())
                    .contains(
                            "/v2/users?limit=100&offset=0",
                            "/v2/users?limit=2&offset=2&order=asc&sort=username",
                            "/v2/schedules?expand=rotation");
            assertThat(pathsOf(read)).isEqualTo(pathsOf(SourceFiles.read(Path.of("../samples/opsgenie"))));
        }
    }

    @Test
    void readsEveryPageOfGrafanaOnCallsApiWithItsTokenAndRecordsThePathsWithoutTheirSlash() throws Exception {
        try (StandIn oncall = StandIn.serving(
                "grafana-oncall",
                Map.of("Authorization", "go-token"),
                query -> query.contains("page=2") ? 1 : 0,
                Map.of())) {
            List<Recorded> read = new GrafanaOnCallApi(HttpClient.newHttpClient(), oncall.uri(), "go-token").read(NOW);
            assertThat(oncall.asked()).contains("/api/v1/users/", "/api/v1/users/?page=2", "/api/v1/on_call_shifts/");
            assertThat(pathsOf(read)).isEqualTo(pathsOf(SourceFiles.read(Path.of("../samples/grafana-oncall"))));
        }
    }

    @Test
    void refusesACommandLineWithoutAModeOrWithTwoSourcesOfResponsesAndSaysHowToUseIt() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Import.run(new String[] {"pagerduty", "--files", "x"}, "t", System.out, errors))
                .isEqualTo(2);
        assertThat(Import.run(
                        new String[] {"pagerduty", "--plan", "--files", "x", "--api-token-file", "y"},
                        "t",
                        System.out,
                        errors))
                .isEqualTo(2);
        assertThat(Import.run(new String[] {"splunk", "--plan", "--files", "x"}, "t", System.out, errors))
                .isEqualTo(2);
        assertThat(Import.run(
                        new String[] {"grafana-oncall", "--plan", "--api-token-file", "y"}, "t", System.out, errors))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "give one of --plan and --apply",
                        "give one of --files and --api-token-file",
                        "the source must be one of [pagerduty, opsgenie, grafana-oncall]",
                        "give --api-url: where grafana-oncall is installed",
                        "deploy/import");
    }
}
