package io.kizuki.notify.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.notify.oncall.ConfigLoader.InvalidConfigException;
import io.kizuki.notify.oncall.ConfigLoader.Problem;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            people:
              alice: {timeZone: Europe/Berlin, slack: U1}
              bob: {timeZone: Europe/Berlin, email: bob@example.com}
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [alice, bob], length: P7D, start: 2026-11-02T09:00:00}
            escalationPolicies:
              shop:
                levels:
                  - timeout: PT5M
                    targets: [{schedule: primary}]
            routing:
              default: shop
            """;

    private static Problem refused(String yaml) {
        try {
            ConfigLoader.parse(yaml);
        } catch (InvalidConfigException refused) {
            assertThat(refused.problems()).hasSize(1);
            return refused.problems().getFirst();
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    @Test
    void loadsTheSampleShippedInDeployConfig() throws IOException {
        ConfigLoader.Loaded loaded = ConfigLoader.parse(Files.readString(Path.of("../deploy/config/notify.yaml")));
        assertThat(loaded.warnings()).isEmpty();
        assertThat(Rotations.onCall(
                        loaded.config().schedules().get("shop-primary"), Instant.parse("2026-11-18T12:00:00Z")))
                .contains("carol");
        assertThat(loaded.config().routing().sre()).isEqualTo("sre");
    }

    @Test
    void refusesASlackMemberOfTwoPeopleAndAUserThatIsNoPersonsUser() {
        assertThat(refused(MINIMAL.replace("email: bob@example.com", "email: bob@example.com, slack: U1")))
                .isEqualTo(new Problem("$.people.bob.slack", "the Slack member U1 is alice already"));
        assertThat(refused(MINIMAL.replace("slack: U1}", "slack: U1, user: service-account-kizuki-report-service}"))
                        .path())
                .isEqualTo("$.people.alice.user");
        assertThat(refused(MINIMAL.replace("slack: U1}", "slack: U1, user: \"alice bob\"}"))
                        .path())
                .isEqualTo("$.people.alice.user");
        assertThat(ConfigLoader.parse(MINIMAL.replace("slack: U1}", "slack: U1, user: alice@example.com}"))
                        .config()
                        .people()
                        .get("alice")
                        .user())
                .isEqualTo("alice@example.com");
    }

    @Test
    void aTargetMayNameAMattermostChannelWhoseIdNamesNoSlackChannel() {
        String withChannel = MINIMAL.replace("targets: [{schedule: primary}]", "targets: [{channel: ops}]")
                + "channels:\n  mattermost:\n    ops: https://mattermost.example.com/hooks/abc\n";
        assertThat(ConfigLoader.parse(withChannel).config().channels().chat("ops"))
                .isTrue();
        assertThat(refused(withChannel + "  slack:\n    ops: https://hooks.slack.com/services/T1/B1/x\n"))
                .isEqualTo(new Problem(
                        "$.channels.mattermost.ops", "names a Slack channel too: one id names one channel"));
        assertThat(refused(MINIMAL.replace("slack: U1}", "slack: U1, mattermost: Not A Name}"))
                        .path())
                .isEqualTo("$.people.alice.mattermost");
    }

    @Test
    void aTeamsWorkflowIsAChannelOrAPersonsChatAndItsIdNamesNothingElse() {
        String withTeams = MINIMAL.replace("targets: [{schedule: primary}]", "targets: [{channel: ops}]")
                        .replace("email: bob@example.com", "teams: bob-chat")
                + "channels:\n  teams:\n    ops: https://example.logic.azure.com/workflows/1/triggers/manual/paths/invoke\n"
                + "    bob-chat: https://example.logic.azure.com/workflows/2/triggers/manual/paths/invoke\n";
        OnCallConfig config = ConfigLoader.parse(withTeams).config();
        assertThat(config.channels().chat("ops")).isTrue();
        assertThat(config.people().get("bob").teams()).isEqualTo("bob-chat");
        assertThat(refused(withTeams.replace("teams: bob-chat", "teams: nowhere")))
                .isEqualTo(new Problem("$.people.bob.teams", "no Teams workflow named nowhere"));
        assertThat(refused(
                                withTeams
                                        + "    alice: https://example.logic.azure.com/workflows/3/triggers/manual/paths/invoke\n")
                        .path())
                .isEqualTo("$.channels.teams.alice");
    }

    @Test
    void aSlackChannelIsAnIncomingWebhookOrAChannelIdForTheBot() {
        String withChannel = MINIMAL.replace("targets: [{schedule: primary}]", "targets: [{channel: ops}]")
                + "channels:\n  slack:\n    ops: C0123ABCDE\n";
        OnCallConfig config = ConfigLoader.parse(withChannel).config();
        assertThat(OnCallConfig.Channels.slackChannelId(
                        config.channels().slack().get("ops")))
                .contains("C0123ABCDE");
        assertThat(OnCallConfig.Channels.slackChannelId(URI.create("https://hooks.slack.com/services/T1/B1/x")))
                .isEmpty();
        assertThat(refused(withChannel.replace("C0123ABCDE", "general")))
                .isEqualTo(new Problem(
                        "$.channels.slack.ops",
                        "must be an incoming-webhook URL (https://hooks.slack.com/…) or a channel id (C…)"));
    }

    @Test
    void aPushTopicIsOneNtfyTakes() {
        assertThat(ConfigLoader.parse(MINIMAL.replace("slack: U1}", "slack: U1, push: alice-phone_1}"))
                        .config()
                        .people()
                        .get("alice")
                        .push())
                .isEqualTo("alice-phone_1");
        assertThat(refused(MINIMAL.replace("slack: U1}", "slack: U1, push: \"alice/../admin\"}")))
                .isEqualTo(new Problem(
                        "$.people.alice.push",
                        "must be an ntfy topic: letters, digits, - and _, at most 64 characters"));
    }

    @Test
    void namesTheMemberNobodyDefined() {
        Problem problem = refused(MINIMAL.replace("[alice, bob]", "[alice, bob, mallory]"));
        assertThat(problem)
                .isEqualTo(new Problem("$.schedules.primary.layers[0].members[2]", "no person named mallory"));
    }

    @Test
    void namesAFieldOfTheWrongType() {
        Problem problem = refused(MINIMAL.replace("timeout: PT5M", "timeout: five minutes"));
        assertThat(problem.path()).isEqualTo("$.escalationPolicies.shop.levels[0].timeout");
    }

    @Test
    void namesAnUnknownTimeZone() {
        Problem problem = refused(MINIMAL.replace("bob: {timeZone: Europe/Berlin", "bob: {timeZone: Mars/Olympus"));
        assertThat(problem.path()).isEqualTo("$.people.bob.timeZone");
    }

    @Test
    void namesAnUnknownField() {
        Problem problem = refused(MINIMAL.replace("default: shop", "default: shop\n  fallback: shop"));
        assertThat(problem.path()).isEqualTo("$.routing.fallback");
    }

    @Test
    void namesABadTurnLength() {
        Problem problem = refused(MINIMAL.replace("length: P7D", "length: weekly"));
        assertThat(problem.path()).isEqualTo("$.schedules.primary.layers[0].length");
    }

    @Test
    void aRestrictionLastsAtMostADayOrWithADayOfTheWeekAWeek() {
        String restricted = MINIMAL.replace(
                "start: 2026-11-02T09:00:00}", "start: 2026-11-02T09:00:00, restrictions: [RESTRICTION]}");
        assertThat(ConfigLoader.parse(restricted.replace("RESTRICTION", "{from: \"18:00\", duration: PT15H}"))
                        .config()
                        .schedules()
                        .get("primary")
                        .layers()
                        .getFirst()
                        .restrictions())
                .hasSize(1);
        assertThat(ConfigLoader.parse(
                                restricted.replace("RESTRICTION", "{day: FRIDAY, from: \"18:00\", duration: PT63H}"))
                        .config()
                        .schedules()
                        .get("primary")
                        .layers()
                        .getFirst()
                        .restrictions()
                        .getFirst()
                        .day())
                .isEqualTo(java.time.DayOfWeek.FRIDAY);
        assertThat(refused(restricted.replace("RESTRICTION", "{from: \"18:00\", duration: PT25H}")))
                .isEqualTo(new Problem(
                        "$.schedules.primary.layers[0].restrictions[0].duration",
                        "must be positive and at most PT24H"));
        assertThat(refused(restricted.replace("RESTRICTION", "{duration: PT1H}"))
                        .path())
                .isEqualTo("$.schedules.primary.layers[0].restrictions[0].from");
        assertThat(refused(restricted.replace("RESTRICTION", "{day: FRIDAY, from: \"18:00\", duration: PT169H}"))
                        .path())
                .isEqualTo("$.schedules.primary.layers[0].restrictions[0].duration");
        assertThat(refused(MINIMAL.replace(
                                "start: 2026-11-02T09:00:00}",
                                "start: 2026-11-02T09:00:00, from: 2026-12-01T00:00:00Z, until: 2026-11-01T00:00:00Z}"))
                        .path())
                .isEqualTo("$.schedules.primary.layers[0].until");
    }

    @Test
    void refusesARoutingDefaultThatIsNoPolicy() {
        Problem problem = refused(MINIMAL.replace("default: shop", "default: payments"));
        assertThat(problem).isEqualTo(new Problem("$.routing.default", "no escalation policy named payments"));
    }

    @Test
    void refusesATargetWithTwoKinds() {
        Problem problem = refused(MINIMAL.replace("{schedule: primary}", "{schedule: primary, person: bob}"));
        assertThat(problem.path()).isEqualTo("$.escalationPolicies.shop.levels[0].targets[0]");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL.replace("default: shop", "default: payments")
                        .replace("[alice, bob]", "[alice, mallory]")))
                .isInstanceOfSatisfying(InvalidConfigException.class, refused -> assertThat(refused.problems())
                        .extracting(Problem::path)
                        .containsExactlyInAnyOrder("$.schedules.primary.layers[0].members[1]", "$.routing.default"));
    }

    @Test
    void warnsOfARotationMemberNobodyCanReach() {
        ConfigLoader.Loaded loaded = ConfigLoader.parse(MINIMAL.replace(
                "bob: {timeZone: Europe/Berlin, " + "email: bob@example.com}", "bob: {timeZone: Europe/Berlin}"));
        assertThat(loaded.warnings())
                .containsExactly(
                        new Problem(
                                "$.schedules.primary.layers[0].members[1]",
                                "bob is on a rotation but has no slack, mattermost, teams, push, sms, voice, email or webhook"));
    }

    @Test
    void refusesAPersonDefinedTwice() {
        Problem problem = refused(MINIMAL.replace("  bob: {", "  alice: {timeZone: UTC, slack: U2}\n  bob: {"));
        assertThat(problem.path()).isEqualTo("$.people");
        assertThat(problem.detail()).contains("alice");
    }

    @Test
    void refusesAnEmptyFile() {
        assertThat(refused("").path()).isEqualTo("$");
    }

    @Test
    void takesOnlyTheVariablesItIsGivenAndNeverQuotesTheirValues() {
        java.util.Map<String, String> environment = java.util.Map.of("KIZUKI_TZ", "Secret/Value-42");
        String yaml = MINIMAL.replace(
                "schedules:\n  primary:\n    timeZone: Europe/Berlin",
                "schedules:\n  primary:\n    timeZone: ${KIZUKI_TZ}");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, name -> java.util.Optional.ofNullable(environment.get(name))))
                .isInstanceOfSatisfying(InvalidConfigException.class, refused -> {
                    assertThat(refused.problems()).isNotEmpty();
                    assertThat(refused.getMessage())
                            .doesNotContain("Secret/Value-42")
                            .contains("${KIZUKI_TZ}");
                    assertThat(refused.problems()).allSatisfy(problem -> assertThat(problem.path() + problem.detail())
                            .doesNotContain("Secret/Value-42"));
                });
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, name -> java.util.Optional.empty()))
                .isInstanceOfSatisfying(InvalidConfigException.class, refused -> assertThat(refused.problems())
                        .extracting(Problem::detail)
                        .containsExactly("${KIZUKI_TZ} is not set, not an allowed " + "variable, and has no default"));
    }

    @Test
    void refusesPhoneNumbersNotInE164AndRulesForWaysThePersonLacks() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                people:
                  aki:
                    timeZone: Asia/Tokyo
                    sms: "090-1234-5678"
                    voice: "+819012345678"
                    language: jp
                    rules:
                      high: [{method: push}, {method: voice, after: PT5M}, {method: fax}]
                      low: [{method: voice, after: P2D}]
                      repeatAfter: PT3M
                      quietHours: {from: "22:00"}
                escalationPolicies:
                  p: {levels: [{timeout: PT5M, targets: [{person: aki}]}]}
                routing: {default: p}
                """))
                .isInstanceOfSatisfying(InvalidConfigException.class, refused -> assertThat(refused.problems())
                        .extracting(Problem::path)
                        .containsExactlyInAnyOrder(
                                "$.people.aki.sms",
                                "$.people.aki.language",
                                "$.people.aki.rules.high[0].method",
                                "$.people.aki.rules.high[2].method",
                                "$.people.aki.rules.low[0].after",
                                "$.people.aki.rules.repeatAfter",
                                "$.people.aki.rules.quietHours"));
    }
}
