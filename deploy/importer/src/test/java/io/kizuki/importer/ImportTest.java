package io.kizuki.importer;

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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.kizuki.importer.SourceFiles.Recorded;

class ImportTest {

    private static final Path SAMPLES = Path.of("../samples/pagerduty");
    private static final String TOKEN = "u+pd-read-only-token";

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
        List<Recorded> samples = SourceFiles.read(SAMPLES);
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer pagerDuty = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pagerDuty.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().toString());
            if (!("Token token=" + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    || !"application/vnd.pagerduty+json;version=2"
                            .equals(exchange.getRequestHeaders().getFirst("Accept"))) {
                answer(exchange, 401, "{\"error\":{\"message\":\"Unauthorized\",\"code\":2006}}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : exchange.getRequestURI().getRawQuery();
            if (path.equals("/schedules")) {
                answer(exchange, 200, "{\"schedules\":[{\"id\":\"PSHOP01\"},{\"id\":\"PSRCH01\"}],\"more\":false}");
                return;
            }
            int page =
                    query.contains("offset=") ? Integer.parseInt(query.replaceAll(".*offset=(\\d+).*", "$1")) / 100 : 0;
            List<Recorded> pages = samples.stream()
                    .filter(sample -> sample.path().equals(path))
                    .toList();
            answer(
                    exchange,
                    200,
                    pages.isEmpty()
                            ? "{\"overrides\":[]}"
                            : pages.get(page).body().toString());
        });
        pagerDuty.start();
        try {
            List<Recorded> read = new PagerDutyApi(
                            HttpClient.newHttpClient(),
                            URI.create(
                                    "http://127.0.0.1:" + pagerDuty.getAddress().getPort()),
                            TOKEN)
                    .read(Instant.parse("2026-10-10T00:00:00Z"));
            assertThat(asked)
                    .contains(
                            "/users?include[]=contact_methods&include[]=notification_rules&limit=100&offset=0",
                            "/users?include[]=contact_methods&include[]=notification_rules&limit=100&offset=100",
                            "/schedules/PSHOP01/overrides?since=2026-10-10T00%3A00%3A00Z&until=2027-10-10T00%3A00%3A00Z");
            SourceFiles.write(saved, read);
            List<Recorded> again = SourceFiles.read(saved);
            Map<String, Long> expected = samples.stream()
                    .collect(java.util.stream.Collectors.groupingBy(
                            Recorded::path, java.util.stream.Collectors.counting()));
            expected.put("/schedules/PSRCH01/overrides", 1L);
            assertThat(again.stream()
                            .collect(java.util.stream.Collectors.groupingBy(
                                    Recorded::path, java.util.stream.Collectors.counting())))
                    .isEqualTo(expected);
            assertThat(again.stream()
                            .filter(response -> response.path().equals("/users"))
                            .toList())
                    .extracting(Recorded::body)
                    .containsExactlyElementsOf(samples.stream()
                            .filter(response -> response.path().equals("/users"))
                            .map(Recorded::body)
                            .toList());
        } finally {
            pagerDuty.stop(0);
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
        assertThat(Import.run(new String[] {"opsgenie", "--plan", "--files", "x"}, "t", System.out, errors))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "give one of --plan and --apply", "give one of --files and --api-token-file", "deploy/import");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
