package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.kizuki.bench.Tools;
import io.kizuki.embedded.LocalStack;

/**
 * Kizuki's own alert rules and dashboard (deploy/observability) hold: promtool checks the rules and runs their unit
 * tests (Debian's {@code prometheus} package, installed when missing and run as root), and every metric the rules and
 * the dashboard query is one the services export, as the shared stack's {@code /q/metrics} show once an alert went
 * through the whole pipeline — or a recording rule of the same file.
 */
class ObservabilityIT {

    private static final Path DIR = Path.of(System.getProperty("kizuki.project.root", "../.."))
            .toAbsolutePath()
            .normalize()
            .resolve("deploy/observability");
    private static final Path RULES = DIR.resolve("kizuki-rules.yml");
    /** What Prometheus itself has: whether a target answered its scrape, and its own alerts. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up", "ALERTS");
    /** Words of PromQL that are not metrics: functions and aggregations (followed by a parenthesis) aside. */
    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static LocalStack stack;

    @BeforeAll
    static void sendAnAlertThroughEverythingAndARequestThatIsRefused() {
        stack = SharedStack.get();
        StackClient.openIncident("observed");
        StackClient.postAlertmanager("{not json").then().statusCode(400);
        asViewer().get(stack.notifyUrl() + "/api/v1/oncall").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> exported().contains("kizuki_notifications_total"));
    }

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        Tools.require("the observability checks", List.of("prometheus"), List.of("promtool"));

        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
        assertThat(promtool(
                        "test", "rules", DIR.resolve("kizuki-rules.test.yml").toString()))
                .contains("SUCCESS");
    }

    @Test
    void everyMetricTheRulesAndTheDashboardQueryIsOneTheServicesExport() throws IOException {
        Set<String> known = new TreeSet<>(exported());
        known.addAll(PROMETHEUS_OWN);
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        Map<String, String> queries = new TreeMap<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("record")) {
                    known.add(rule.path("record").asText());
                }
                queries.put(
                        "rule "
                                + rule.path(rule.has("record") ? "record" : "alert")
                                        .asText(),
                        rule.path("expr").asText());
            }
        }
        JsonNode dashboard =
                new ObjectMapper().readTree(DIR.resolve("kizuki-dashboard.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(
                        "panel " + panel.path("title").asText() + " "
                                + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            queries.put(
                    "annotation " + annotation.path("name").asText(),
                    annotation.path("expr").asText());
        }

        assertThat(queries).hasSizeGreaterThan(20);
        Map<String, Set<String>> unknown = new TreeMap<>();
        queries.forEach((where, expr) -> {
            Set<String> missing = new TreeSet<>(metrics(expr));
            missing.removeAll(known);
            if (!missing.isEmpty()) {
                unknown.put(where, missing);
            }
        });
        assertThat(unknown).as("metrics queried that no service exports").isEmpty();
    }

    /** The metric names a PromQL expression reads: label matchers, ranges, strings, grouping and functions aside. */
    static Set<String> metrics(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher word = NAME.matcher(bare);
        while (word.find()) {
            String name = word.group();
            boolean function = bare.substring(word.end()).stripLeading().startsWith("(");
            boolean number = word.start() > 0 && Character.isDigit(bare.charAt(word.start() - 1));
            if (!function && !number && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The metric names the three services' /q/metrics show now. */
    private static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        for (String service : List.of(stack.incidentUrl(), stack.notifyUrl(), stack.reportUrl())) {
            for (String line : given().get(service + "/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString()
                    .lines()
                    .toList()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        return names;
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        return Commands.run(DIR, Duration.ofMinutes(1), command);
    }
}
