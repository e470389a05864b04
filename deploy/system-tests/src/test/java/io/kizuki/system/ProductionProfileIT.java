package io.kizuki.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.kizuki.embedded.ChildProcess;
import io.kizuki.embedded.LocalStack;

/** In the production profile the services take every address and secret from outside, and refuse dev defaults. */
class ProductionProfileIT {

    private static final Path ROOT =
            Path.of(System.getProperty("kizuki.project.root", "../..")).toAbsolutePath();

    @Test
    void incidentServiceRefusesTheDevRoutingKeyAndTheLocalKeycloak() throws IOException {
        LocalStack stack = SharedStack.get();
        String log = runProduction(
                "incident-service",
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        stack.kafkaBootstrapServers(),
                        "KIZUKI_OIDC_URL",
                        "http://localhost:8180/realms/kizuki",
                        "KIZUKI_CONSOLE_ORIGIN",
                        "https://console.example",
                        "KIZUKI_DEV_INTEGRATION_ROUTING_KEY",
                        LocalStack.DEV_ROUTING_KEY));

        assertThat(log)
                .contains("refusing to start in production with development defaults")
                .contains("kizuki.dev-integration.routing-key")
                .contains("local development Keycloak");
    }

    @Test
    void reportServiceRefusesTheEmbeddedDatabasePasswordAndTheDevServiceAccountSecret() throws IOException {
        LocalStack stack = SharedStack.get();
        String log = runProduction(
                "report-service",
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers(),
                        "KIZUKI_OIDC_URL", stack.keycloak().issuer(),
                        "KIZUKI_CONSOLE_ORIGIN", "https://console.example",
                        "KIZUKI_REPORT_DB_URL", stack.reportDatabaseUrl(),
                        "KIZUKI_REPORT_DB_USER", "postgres",
                        "KIZUKI_REPORT_DB_PASSWORD", "postgres",
                        "KIZUKI_REPORT_CLIENT_SECRET", "dev-only-report-service-secret"));

        assertThat(log)
                .contains("refusing to start in production with development defaults")
                .contains("embedded PostgreSQL")
                .contains("KIZUKI_REPORT_CLIENT_SECRET");
    }

    @Test
    void notifyServiceRefusesTheLocalStacksSecretsAndTokens() throws IOException {
        LocalStack stack = SharedStack.get();
        String log = runProduction(
                "notify-service",
                Map.ofEntries(
                        Map.entry("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers()),
                        Map.entry("KIZUKI_OIDC_URL", stack.keycloak().issuer()),
                        Map.entry("KIZUKI_CONSOLE_ORIGIN", "https://console.example"),
                        Map.entry("KIZUKI_NOTIFY_CLIENT_SECRET", "dev-only-notify-service-secret"),
                        Map.entry("KIZUKI_SLACK_SIGNING_SECRET", "dev-only-slack-signing-secret"),
                        Map.entry("KIZUKI_NOTIFY_LINK_SECRET", "dev-only-notify-link-secret"),
                        Map.entry("KIZUKI_MATTERMOST_COMMAND_TOKEN", "devonlymattermostcommandtoken0"),
                        Map.entry("KIZUKI_SLACK_BOT_TOKEN", "xoxb-dev-only-local-bot-token"),
                        Map.entry("KIZUKI_NTFY_TOKEN", "tk_devonlylocalntfytoken00000000"),
                        Map.entry("KIZUKI_TWILIO_AUTH_TOKEN", "devonlylocaltwilioauthtoken0000"),
                        Map.entry("KIZUKI_SMS_GATEWAY_SECRET", "devonlylocalgatewaysecret000000")));

        assertThat(log)
                .contains("refusing to start in production with development defaults")
                .contains("KIZUKI_NOTIFY_CLIENT_SECRET")
                .contains("KIZUKI_SLACK_SIGNING_SECRET")
                .contains("KIZUKI_NOTIFY_LINK_SECRET")
                .contains("KIZUKI_MATTERMOST_COMMAND_TOKEN")
                .contains("KIZUKI_SLACK_BOT_TOKEN")
                .contains("KIZUKI_NTFY_TOKEN")
                .contains("KIZUKI_TWILIO_AUTH_TOKEN")
                .contains("KIZUKI_SMS_GATEWAY_SECRET");
    }

    @Test
    void reportServiceRefusesToStartWithoutItsDatabase() throws IOException {
        String log = runProduction(
                "report-service",
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", SharedStack.get().kafkaBootstrapServers(),
                        "KIZUKI_OIDC_URL", SharedStack.get().keycloak().issuer(),
                        "KIZUKI_CONSOLE_ORIGIN", "https://console.example"));

        assertThat(log).contains("quarkus.datasource.reactive.url");
    }

    private static String runProduction(String service, Map<String, String> environment) throws IOException {
        Path log = ROOT.resolve("deploy/system-tests/target/production-" + service + ".log");
        try (ChildProcess process = ChildProcess.start(
                service,
                List.of(
                        ChildProcess.javaExecutable(),
                        "-Xmx256m",
                        "-Dquarkus.http.port=0",
                        "-jar",
                        ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar")
                                .toString()),
                environment,
                ROOT,
                log)) {
            OptionalInt exit = process.awaitExit(Duration.ofMinutes(2));
            assertThat(exit).as("%s exits by itself", service).isPresent();
            assertThat(exit.getAsInt()).as("%s exit code", service).isNotZero();
        }
        return Files.readString(log);
    }
}
