package io.kizuki.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.importer.SourceFiles.Recorded;

/**
 * {@code deploy/import}: reads a source's configuration and has notify-service plan or apply it. Run with
 * {@code --help} for its options.
 */
public final class Import {

    static final String USAGE = """
            deploy/import pagerduty|opsgenie|grafana-oncall (--plan | --apply) (--files DIR | --api-token-file FILE [--api-url URL] [--save DIR])
                          [--kizuki URL] [--incident URL] [--product P] [--token-file FILE]
              --plan             print what would be created, changed, left out and why; nothing is written
              --apply            write it as one change of the on-call configuration
              --files DIR        read the responses saved from the source's API (users.json, users.2.json, ...)
              --api-token-file   read them from the source's API with the token in that file
              --api-url URL      the source's API (https://api.pagerduty.com, https://api.opsgenie.com;
                                 Opsgenie's EU accounts: https://api.eu.opsgenie.com; Grafana OnCall: required,
                                 the URL its settings page shows)
              --save DIR         also save what the API answered, to be read again with --files
              --kizuki URL       notify-service (http://localhost:8082)
              --incident URL     incident-service (http://localhost:8081): with --apply, a Kizuki integration
                                 and routing key is made there for each sender Kizuki reads
              --product P        the product of such an integration when the source names none
              --token-file FILE  an access token of an administrator of every product (else $KIZUKI_TOKEN)
            """;
    /** The sources an import reads. */
    static final List<String> SOURCES = List.of("pagerduty", "opsgenie", "grafana-oncall");
    /** Where a source's API is unless --api-url says otherwise (Grafana OnCall is wherever it was installed). */
    static final Map<String, URI> APIS = Map.of(
            "pagerduty", URI.create("https://api.pagerduty.com"),
            "opsgenie", URI.create("https://api.opsgenie.com"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private Import() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        System.exit(run(args, System.getenv("KIZUKI_TOKEN"), System.out, System.err));
    }

    /** Runs an import; answers the exit status: 0 done, 1 refused or failed, 2 wrong usage. */
    public static int run(String[] args, String environmentToken, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        String token = options.tokenFile() != null
                ? Files.readString(options.tokenFile()).strip()
                : environmentToken;
        if (token == null || token.isBlank()) {
            err.println("no access token: give --token-file or set KIZUKI_TOKEN");
            return 2;
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Recorded> responses;
        if (options.files() != null) {
            responses = SourceFiles.read(options.files());
        } else {
            URI api = options.apiUrl() != null ? options.apiUrl() : APIS.get(options.source());
            String key = Files.readString(options.apiTokenFile()).strip();
            SourceApi source =
                    switch (options.source()) {
                        case "opsgenie" -> new OpsgenieApi(http, api, key);
                        case "grafana-oncall" -> new GrafanaOnCallApi(http, api, key);
                        default -> new PagerDutyApi(http, api, key);
                    };
            responses = source.read(Instant.now());
            if (options.save() != null) {
                SourceFiles.write(options.save(), responses);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("responses");
        responses.forEach(
                response -> list.addObject().put("path", response.path()).set("body", response.body()));
        URI endpoint = options.kizuki()
                .resolve("/api/v1/admin/oncall-config/imports/"
                        + URLEncoder.encode(options.source(), StandardCharsets.UTF_8) + "?apply=" + options.apply());
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(endpoint)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode plan = answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
        if (answer.statusCode() != 200) {
            err.println("notify-service answered " + answer.statusCode() + ": "
                    + plan.path("title").asText() + " — " + plan.path("detail").asText());
            plan.path("errors")
                    .forEach(error -> err.println("  " + error.path("field").asText() + ": "
                            + error.path("detail").asText()));
            return 1;
        }
        PlanText.print(plan, out);
        if (!plan.path("problems").isEmpty()) {
            return 1;
        }
        if (options.apply()) {
            boolean all = new SenderIntegrations(http, options.incident(), token)
                    .make(options.source(), plan.path("senders"), options.product(), out);
            return all ? 0 : 1;
        }
        return 0;
    }

    /** The command line. */
    record Options(
            String source,
            boolean apply,
            boolean help,
            Path files,
            Path apiTokenFile,
            URI apiUrl,
            Path save,
            URI kizuki,
            Path tokenFile,
            URI incident,
            String product) {

        static Options parse(String[] args) {
            String source = null;
            Boolean apply = null;
            Path files = null;
            Path apiTokenFile = null;
            URI apiUrl = null;
            Path save = null;
            URI kizuki = URI.create("http://localhost:8082");
            Path tokenFile = null;
            URI incident = URI.create("http://localhost:8081");
            String product = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> {
                        return new Options(null, false, true, null, null, null, null, null, null, null, null);
                    }
                    case "--plan", "--apply" -> {
                        if (apply != null) {
                            throw new IllegalArgumentException("give one of --plan and --apply");
                        }
                        apply = arg.equals("--apply");
                    }
                    case "--files" -> files = Path.of(value(args, ++i, arg));
                    case "--api-token-file" -> apiTokenFile = Path.of(value(args, ++i, arg));
                    case "--api-url" -> apiUrl = URI.create(value(args, ++i, arg));
                    case "--save" -> save = Path.of(value(args, ++i, arg));
                    case "--kizuki" -> kizuki = URI.create(value(args, ++i, arg));
                    case "--token-file" -> tokenFile = Path.of(value(args, ++i, arg));
                    case "--incident" -> incident = URI.create(value(args, ++i, arg));
                    case "--product" -> product = value(args, ++i, arg);
                    default -> {
                        if (arg.startsWith("-") || source != null) {
                            throw new IllegalArgumentException("unknown option: " + arg);
                        }
                        source = arg;
                    }
                }
            }
            if (source == null || !SOURCES.contains(source)) {
                throw new IllegalArgumentException("the source must be one of " + SOURCES);
            }
            if (apply == null) {
                throw new IllegalArgumentException("give one of --plan and --apply");
            }
            if ((files == null) == (apiTokenFile == null)) {
                throw new IllegalArgumentException("give one of --files and --api-token-file");
            }
            if (apiTokenFile != null && apiUrl == null && !APIS.containsKey(source)) {
                throw new IllegalArgumentException("give --api-url: where " + source + " is installed");
            }
            return new Options(
                    source, apply, false, files, apiTokenFile, apiUrl, save, kizuki, tokenFile, incident, product);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
