package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.putOnCallConfig;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.embedded.LocalStack;
import io.kizuki.embedded.SlackStandIn;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.TimelineEntryAdded;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Acting from Slack through the real stack: a page's buttons and the {@code /kizuki} slash command, signed as Slack
 * signs (the stand-in sends them as Slack does), the clicking member acting as the Kizuki user of their person, the
 * ledger recording that user "via slack", the message following the incident through its {@code response_url}, and
 * every refusal (unsigned, stale, unlinked, without the role, a second click, Slack's retry) changing nothing.
 */
class ChatIT {

    private static final Path ROOT =
            Path.of(System.getProperty("kizuki.project.root", "../..")).toAbsolutePath();
    private static final WireCodec CODEC = new WireCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAT = "U0PAT00001";
    private static final String VIC = "U0VIC00001";
    private static final String UNA = "U0UNA00001";
    /** A Slack channel the on-call file names by id: the app posts there with its bot token. */
    private static final String BOT_CHANNEL = "C0KIZUKI001";
    /** The local profile's Mattermost command token. */
    private static final String MATTERMOST_TOKEN = "devonlymattermostcommandtoken0";

    private static LocalStack stack;
    private static String sample;

    @BeforeAll
    static void linkTheTestsPeople() throws IOException {
        stack = SharedStack.get();
        sample = Files.readString(ROOT.resolve(LocalStack.ONCALL_SAMPLE));
        putOnCallConfig(stack, Keycloak.user("admin", "admin"), """
                people:
                  pat:
                    name: Pat Primary
                    timeZone: Europe/Berlin
                    slack: %s
                    mattermost: pat.primary
                    teams: pat-chat
                    push: kizuki-pat-phone
                    user: responder
                    email: pat@example.com
                  vic: {name: Vic Viewer, timeZone: Europe/Berlin, slack: %s, user: viewer}
                  una: {name: Una Unlinked, timeZone: Europe/Berlin, slack: %s}
                schedules:
                  primary:
                    name: Shop primary
                    timeZone: UTC
                    layers: [{members: [pat], length: P7D, start: "2026-01-05T00:00:00"}]
                escalationPolicies:
                  chat:
                    levels:
                      - timeout: PT1H
                        targets: [{schedule: primary}, {channel: shop-incidents}, {channel: shop-mattermost}, {channel: shop-teams}, {channel: shop-bot}]
                      - timeout: PT1H
                        targets: [{person: una}]
                routing:
                  default: chat
                channels:
                  slack:
                    shop-incidents: "http://localhost:%d%s"
                    shop-bot: %s
                  smtp: {host: localhost, port: %d, from: kizuki@example.com}
                  mattermost:
                    shop-mattermost: "%s"
                  teams:
                    shop-teams: "%s"
                    pat-chat: "%s"
                  incidentChannels: {severities: [SEV1, SEV2]}
                """.formatted(
                        PAT,
                        VIC,
                        UNA,
                        stack.ports().slack(),
                        LocalStack.SHOP_CHANNEL_PATH,
                        BOT_CHANNEL,
                        stack.ports().smtp(),
                        stack.slack().mattermostWebhookUrl(),
                        stack.slack().teamsWorkflowUrl("shop-teams"),
                        stack.slack().teamsWorkflowUrl("pat-chat")));
    }

    @AfterAll
    static void restoreTheSample() {
        putOnCallConfig(stack, Keycloak.user("admin", "admin"), sample);
    }

    @Test
    void aResponderAcknowledgesFromTheirPageAndTheMessageFollowsTheIncident() throws IOException {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Checkout answers 502");
        JsonNode page = page(incident);
        assertThat(buttons(page)).contains("kizuki.acknowledge", "kizuki.resolve", "kizuki.lead", "open-incident");

        int answered = stack.slack().responses().size();
        SlackStandIn.Sent click = stack.slack().click(interactions(), page, PAT, "kizuki.acknowledge", Instant.now());
        assertThat(click.status()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> !events(ledger, incident, IncidentAcknowledged.TYPE)
                .isEmpty());
        ConsumerRecord<String, byte[]> acknowledged =
                events(ledger, incident, IncidentAcknowledged.TYPE).getFirst();
        assertThat(header(acknowledged, CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
        assertThat(header(acknowledged, CloudEventHeaders.VIA)).isEqualTo("slack");
        assertThat(CODEC.mapper()
                        .readTree(acknowledged.value())
                        .path("acknowledgedBy")
                        .asText())
                .isEqualTo("user:responder");

        JsonNode updated = responseAfter(answered);
        assertThat(updated.path("replace_original").asBoolean()).isTrue();
        assertThat(buttons(updated)).doesNotContain("kizuki.acknowledge").contains("kizuki.resolve", "kizuki.lead");
        assertThat(updated.toString()).contains(incident + " acknowledged by <@" + PAT + "> via Slack");
        assertThat(updated.path("blocks").findValuesAsText("type")).contains("header", "section");

        // Slack's retry of the same click is decided once: the same answer, no second event
        int beforeRetry = stack.slack().responses().size();
        assertThat(stack.slack()
                        .post(interactions(), click.form(), Instant.now(), SlackStandIn.SIGNING_SECRET)
                        .status())
                .isEqualTo(200);
        assertThat(responseAfter(beforeRetry).path("replace_original").asBoolean())
                .isTrue();

        // a second click says what the incident is, to the clicker alone
        int beforeSecond = stack.slack().responses().size();
        stack.slack().click(interactions(), page, PAT, "kizuki.acknowledge", Instant.now());
        JsonNode second = responseAfter(beforeSecond);
        assertThat(second.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(second.path("replace_original").asBoolean()).isFalse();
        assertThat(second.path("text").asText()).contains("already acknowledged");
        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).hasSize(1);

        // "I'll lead", then resolve, from the same message
        int beforeLead = stack.slack().responses().size();
        stack.slack().click(interactions(), page, PAT, "kizuki.lead", Instant.now());
        assertThat(responseAfter(beforeLead).toString()).contains(incident + " now led by <@" + PAT + ">");
        assertThat(events(ledger, incident, RoleAssigned.TYPE)).singleElement().satisfies(role -> assertThat(
                        CODEC.mapper().readTree(role.value()).path("assignee").asText())
                .isEqualTo("responder"));
        int beforeResolve = stack.slack().responses().size();
        stack.slack().click(interactions(), page, PAT, "kizuki.resolve", Instant.now());
        JsonNode resolved = responseAfter(beforeResolve);
        assertThat(buttons(resolved)).containsExactly("open-incident");
        assertThat(events(ledger, incident, IncidentResolved.TYPE)).hasSize(1);
    }

    @Test
    void aPagePostedWithTheBotTokenIsChangedInPlaceWhenTheIncidentIsAcknowledgedElsewhere() {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Checkout shows old prices");
        Supplier<Optional<JsonNode>> posted = () -> stack.slack().apiMessages().stream()
                .filter(message -> message.path("channel").asText().equals(BOT_CHANNEL)
                        && !message.has("thread_ts")
                        && message.path("payload").toString().contains("/#/incidents/" + incident))
                .findFirst()
                .map(JsonNode.class::cast);
        await().atMost(PATIENCE).until(() -> posted.get().isPresent());
        JsonNode page = posted.get().orElseThrow();
        assertThat(buttons(page.path("payload"))).contains("kizuki.acknowledge");
        await().atMost(PATIENCE).until(() -> events(ledger, incident, NotificationDelivered.TYPE).stream()
                .anyMatch(record -> (BOT_CHANNEL + "/" + page.path("ts").asText()).equals(field(record, "reference"))));

        // acknowledged in the console, not in Slack: the page follows all the same
        asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incident + "/acknowledge")
                .then()
                .statusCode(200);
        await().atMost(PATIENCE)
                .until(() -> posted.get().orElseThrow().path("updates").asInt() >= 1);
        JsonNode updated = posted.get().orElseThrow().path("payload");
        assertThat(updated.path("text").asText()).contains("Acknowledged by user:responder");
        assertThat(buttons(updated)).doesNotContain("kizuki.acknowledge").contains("kizuki.resolve");
        await().atMost(PATIENCE).until(() -> stack.slack().apiMessages().stream()
                .anyMatch(message -> page.path("ts")
                                .asText()
                                .equals(message.path("thread_ts").asText())
                        && message.path("payload").path("text").asText().contains("Acknowledged by user:responder")));
    }

    @Test
    void aSev2GetsAChannelOfItsOwnWithItsSummaryPinnedItsPeopleInvitedAndItsTimelinePosted() {
        String incident = declare("Checkout loses discounts");
        Supplier<Optional<JsonNode>> channel = () -> stack.slack().apiChannels().stream()
                .filter(made -> made.path("name").asText().startsWith(incident.toLowerCase(Locale.ROOT)))
                .findFirst()
                .map(JsonNode.class::cast);
        await().atMost(PATIENCE).until(() -> channel.get()
                .filter(made -> made.path("members").toString().contains(PAT)
                        && !made.path("pins").isEmpty())
                .isPresent());
        JsonNode made = channel.get().orElseThrow();
        assertThat(made.path("name").asText())
                .isEqualTo(incident.toLowerCase(Locale.ROOT) + "-checkout-loses-discounts");
        String id = made.path("id").asText();
        String pinned = made.path("pins").path(0).asText();
        assertThat(stack.slack().apiMessages().stream()
                        .filter(message -> message.path("channel").asText().equals(id)
                                && message.path("ts").asText().equals(pinned))
                        .map(message -> message.path("payload").toString()))
                .singleElement()
                .satisfies(summary -> assertThat(summary).contains("This is the channel of incident " + incident));

        stack.slack()
                .slashCommand(
                        stack.notifyUrl() + "/api/v1/chat/slack/commands",
                        PAT,
                        "note " + incident + " rolled back the discount service",
                        Instant.now());
        asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incident + "/acknowledge")
                .then()
                .statusCode(200);
        await().atMost(PATIENCE).until(() -> {
            List<String> texts = stack.slack().apiMessages().stream()
                    .filter(message -> message.path("channel").asText().equals(id))
                    .map(message -> message.path("payload").path("text").asText())
                    .toList();
            return texts.stream().anyMatch(text -> text.contains("user:responder: rolled back the discount service"))
                    && texts.stream().anyMatch(text -> text.contains("Acknowledged by user:responder"));
        });
        assertThat(stack.slack().apiChannels().stream()
                        .filter(other -> other.path("name").asText().startsWith(incident.toLowerCase(Locale.ROOT))))
                .hasSize(1);

        // a responder marks a message of the channel with the pushpin: it goes on the timeline as their note, once
        String events = stack.notifyUrl() + "/api/v1/chat/slack/events";
        SlackStandIn.Sent challenge = stack.slack().verifyEventsUrl(events, "kizukichallenge42", Instant.now());
        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.body()).contains("\"challenge\":\"kizukichallenge42\"");
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String ts = stack.slack().postAsMember(id, UNA, "Rolled back discounts to v41 at 03:12");
        assertThat(stack.slack()
                        .react(events, id, ts, UNA, "pushpin", Instant.now())
                        .status())
                .isEqualTo(200);
        assertThat(stack.slack()
                        .react(events, id, ts, PAT, "thumbsup", Instant.now())
                        .status())
                .isEqualTo(200);
        stack.slack().react(events, id, ts, PAT, "pushpin", Instant.now());
        await().atMost(PATIENCE)
                .until(() -> !events(ledger, incident, TimelineEntryAdded.TYPE).isEmpty());
        stack.slack().react(events, id, ts, PAT, "pushpin", Instant.now());
        await().atMost(PATIENCE).until(() -> stack.slack().apiMessages().stream()
                .anyMatch(message -> message.path("channel").asText().equals(id)
                        && message.path("payload")
                                .path("text")
                                .asText()
                                .contains("user:responder: Rolled back discounts to v41 at 03:12")));
        assertThat(events(ledger, incident, TimelineEntryAdded.TYPE))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(header(entry, CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
                    assertThat(header(entry, CloudEventHeaders.VIA)).isEqualTo("slack");
                    assertThat(field(entry, "text")).isEqualTo("Rolled back discounts to v41 at 03:12");
                });
    }

    @Test
    void escalateNowPagesTheNextLevelAsThePersonOnceForTheLevelTheirPageShowed() throws IOException {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Checkout double-charges");
        JsonNode page = page(incident);
        assertThat(buttons(page)).contains("kizuki.escalate");

        int answered = stack.slack().responses().size();
        stack.slack().click(interactions(), page, PAT, "kizuki.escalate", Instant.now());
        JsonNode updated = responseAfter(answered);
        assertThat(updated.toString()).contains(incident + " escalated to level 2 by <@" + PAT + ">");
        assertThat(buttons(updated)).contains("kizuki.acknowledge").doesNotContain("kizuki.escalate");
        List<ConsumerRecord<String, byte[]>> escalated = events(ledger, incident, IncidentEscalated.TYPE);
        assertThat(escalated).hasSize(1);
        assertThat(header(escalated.getFirst(), CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
        assertThat(header(escalated.getFirst(), CloudEventHeaders.VIA)).isEqualTo("slack");
        JsonNode event = CODEC.mapper().readTree(escalated.getFirst().value());
        assertThat(event.path("toLevel").asInt()).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> stack.slack().messages().stream()
                .map(m -> m.path("payload").toString())
                .anyMatch(text -> text.contains("/#/incidents/" + incident)
                        && text.contains("Escalated to level 2")
                        && text.contains("<@" + UNA + ">")));

        // the same page's button again is refused by the decider: the incident is at level 2 already
        int beforeSecond = stack.slack().responses().size();
        stack.slack().click(interactions(), page, PAT, "kizuki.escalate", Instant.now());
        JsonNode second = responseAfter(beforeSecond);
        assertThat(second.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(second.path("text").asText()).contains("at escalation level 2, not 1");
        assertThat(events(ledger, incident, IncidentEscalated.TYPE)).hasSize(1);
    }

    @Test
    void anEmailPageCarriesLinksThatAskBeforeTheyActAndActOnceAsTheirPerson() {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Orders stuck in payment");
        await().atMost(PATIENCE).until(() -> !StackClient.mails(stack, incident, "pat@example.com")
                .isEmpty());
        String text = StackClient.mails(stack, incident, "pat@example.com")
                .getFirst()
                .get("text")
                .toString();
        String acknowledge = text.replaceAll("(?s).*Acknowledge: (\\S+).*", "$1");
        String resolve = text.replaceAll("(?s).*Resolve: (\\S+).*", "$1");
        assertThat(acknowledge).startsWith(stack.notifyUrl() + "/api/v1/chat/links/");

        // opening it (as a mail scanner would) only asks
        given().get(acknowledge)
                .then()
                .statusCode(200)
                .contentType("text/html")
                .body(containsString("Acknowledge incident " + incident + " as Pat Primary"))
                .body(containsString("<form method=\"post\">"));
        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).isEmpty();

        given().post(acknowledge).then().statusCode(200).body(containsString(incident + " acknowledged"));
        List<ConsumerRecord<String, byte[]>> acknowledged = events(ledger, incident, IncidentAcknowledged.TYPE);
        assertThat(acknowledged).hasSize(1);
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.VIA)).isEqualTo("email");

        // the same link again changes nothing; a changed one is refused
        given().post(acknowledge).then().statusCode(200);
        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).hasSize(1);
        String tampered =
                acknowledge.substring(0, acknowledge.length() - 2) + (acknowledge.endsWith("AA") ? "BB" : "AA");
        given().post(tampered).then().statusCode(400).body(containsString("was not made by Kizuki, or was changed"));
        given().get(stack.notifyUrl() + "/api/v1/chat/links/not-a-link")
                .then()
                .statusCode(400)
                .contentType("text/html");

        given().post(resolve).then().statusCode(200).body(containsString(incident + " resolved"));
        assertThat(events(ledger, incident, IncidentResolved.TYPE)).hasSize(1);
    }

    @Test
    void aTeamsChannelGetsACardToTheConsoleAndThePersonsChatACardWhoseLinkAcknowledgesAsThem() {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Checkout forgets addresses");
        JsonNode channel = teamsCard("shop-teams", incident, "Checkout forgets addresses");
        JsonNode chat = teamsCard("pat-chat", incident, "Checkout forgets addresses");
        assertThat(channel.path("version").asText()).isEqualTo("1.4");
        assertThat(channel.path("actions").findValuesAsText("title")).containsExactly("Open incident");
        assertThat(chat.path("actions").findValuesAsText("title"))
                .containsExactly("Acknowledge", "Resolve", "Open incident");
        String acknowledge = chat.path("actions").path(0).path("url").asText();
        assertThat(acknowledge).startsWith(stack.notifyUrl() + "/api/v1/chat/links/");

        given().get(acknowledge)
                .then()
                .statusCode(200)
                .body(containsString("Acknowledge incident " + incident + " as Pat Primary"));
        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).isEmpty();
        given().post(acknowledge).then().statusCode(200).body(containsString(incident + " acknowledged"));
        List<ConsumerRecord<String, byte[]>> acknowledged = events(ledger, incident, IncidentAcknowledged.TYPE);
        assertThat(acknowledged).hasSize(1);
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.VIA)).isEqualTo("teams");

        JsonNode told = teamsCard("shop-teams", incident, "Acknowledged by user:responder");
        assertThat(told.path("actions").findValuesAsText("title")).containsExactly("Open incident");
    }

    @Test
    void aPushToThePersonsPhoneAcknowledgesAsThemFromItsButtonOnce() {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Checkout charges twice");
        Supplier<Optional<JsonNode>> pushed = () -> stack.slack().pushes().stream()
                .map(push -> push.path("payload"))
                .filter(push -> push.path("click").asText().endsWith("/#/incidents/" + incident)
                        && push.path("tags").toString().contains("rotating_light"))
                .findFirst();
        await().atMost(PATIENCE).until(() -> pushed.get().isPresent());
        JsonNode push = pushed.get().orElseThrow();
        assertThat(push.path("topic").asText()).isEqualTo("kizuki-pat-phone");
        assertThat(push.path("priority").asInt()).isEqualTo(5);
        assertThat(push.path("title").asText()).contains("Checkout charges twice");
        assertThat(push.path("actions").findValuesAsText("label")).containsExactly("Acknowledge", "Resolve");
        assertThat(push.toString()).doesNotContain("Bearer");

        assertThat(stack.slack().pressAction(push, "Acknowledge").status()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> acknowledged = events(ledger, incident, IncidentAcknowledged.TYPE);
        assertThat(acknowledged).hasSize(1);
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.VIA)).isEqualTo("push");
        assertThat(stack.slack().pressAction(push, "Acknowledge").status()).isEqualTo(200);
        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).hasSize(1);
        await().atMost(PATIENCE).until(() -> stack.slack().pushes().stream()
                .map(message -> message.path("payload"))
                .anyMatch(message -> message.path("click").asText().endsWith("/#/incidents/" + incident)
                        && message.path("priority").asInt() == 2
                        && !message.has("actions")));
    }

    @Test
    void aPersonTestsEachWayTheyAreReachedAndOnlyTheyOrAnAdminMay() {
        String tests = stack.notifyUrl() + "/api/v1/people/pat/test-notification";
        String tested = asResponder()
                .post(tests)
                .then()
                .statusCode(200)
                .body("person", equalTo("pat"))
                .body("results.channel", contains("email", "push", "teams"))
                .extract()
                .asString();
        assertThat(JsonPath.from(tested).getList("results.delivered", Boolean.class))
                .as("what each way did (with the reason of any failure): %s", tested)
                .containsExactly(true, true, true);
        await().atMost(PATIENCE).until(() -> stack.slack().pushes().stream().anyMatch(push -> push.path("payload")
                .path("title")
                .asText()
                .equals("Test from Kizuki: this is how a page reaches you")));
        given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .post(tests)
                .then()
                .statusCode(200)
                .body("results", hasSize(3));
        StackClient.asViewer().post(tests).then().statusCode(403).contentType("application/problem+json");
        // another caller learns nothing of who exists: a person nobody has is refused as another's ways are
        String nobody = stack.notifyUrl() + "/api/v1/people/nobody/test-notification";
        asResponder().post(nobody).then().statusCode(403).contentType("application/problem+json");
        given().auth()
                .oauth2(Keycloak.user("admin", "admin"))
                .post(nobody)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    /** The card a Teams workflow of the stand-in took about an incident, whose text holds {@code saying}. */
    private static JsonNode teamsCard(String workflow, String incident, String saying) {
        String path = URI.create(stack.slack().teamsWorkflowUrl(workflow)).getPath();
        Supplier<Optional<JsonNode>> card = () -> stack.slack().teamsPosts().stream()
                .filter(post -> post.path("workflow").asText().equals(path))
                .map(post -> post.path("payload").path("attachments").path(0).path("content"))
                .filter(content -> content.toString().contains("/#/incidents/" + incident)
                        && content.toString().contains(saying))
                .findFirst();
        await().atMost(PATIENCE).until(() -> card.get().isPresent());
        return card.get().orElseThrow();
    }

    @Test
    void actsFromAMattermostPageAndItsSlashCommandWithKizukisTokens() throws IOException {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Checkout loses carts");
        await().atMost(PATIENCE).until(() -> stack.slack().mattermostPosts().stream()
                .anyMatch(p -> p.path("payload").toString().contains("/#/incidents/" + incident)));
        JsonNode post = stack.slack().mattermostPosts().stream()
                .filter(p -> p.path("payload").toString().contains("/#/incidents/" + incident))
                .findFirst()
                .orElseThrow()
                .path("payload");
        assertThat(post.path("text").asText()).contains("@pat.primary");
        assertThat(post.path("attachments").path(0).path("actions").findValuesAsText("id"))
                .containsExactly("acknowledge", "escalate", "resolve", "lead");

        SlackStandIn.Sent clicked = stack.slack().mattermostClick(post, "pat.primary", "acknowledge");
        assertThat(clicked.status()).isEqualTo(200);
        JsonNode update = JSON.readTree(clicked.body()).path("update");
        assertThat(update.path("message").asText().replace("\\", ""))
                .contains(incident + " acknowledged by @pat.primary via Mattermost");
        assertThat(update.path("props")
                        .path("attachments")
                        .path(0)
                        .path("actions")
                        .findValuesAsText("id"))
                .containsExactly("resolve", "lead");
        List<ConsumerRecord<String, byte[]>> acknowledged = events(ledger, incident, IncidentAcknowledged.TYPE);
        assertThat(acknowledged).hasSize(1);
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
        assertThat(header(acknowledged.getFirst(), CloudEventHeaders.VIA)).isEqualTo("mattermost");

        assertThat(JSON.readTree(stack.slack()
                                .mattermostClick(post, "pat.primary", "acknowledge")
                                .body())
                        .path("ephemeral_text")
                        .asText())
                .contains("already acknowledged");
        assertThat(JSON.readTree(stack.slack()
                                .mattermostClick(post, "mallory", "resolve")
                                .body())
                        .path("ephemeral_text")
                        .asText())
                .contains("is not linked to anyone");
        ObjectNode forged = post.deepCopy();
        for (JsonNode action : forged.path("attachments").path(0).path("actions")) {
            if (action.path("id").asText().equals("resolve")) {
                ((ObjectNode) action.path("integration").path("context")).put("token", "e30.forged");
            }
        }
        SlackStandIn.Sent refused = stack.slack().mattermostClick(forged, "pat.primary", "resolve");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body())
                        .path("errors")
                        .path(0)
                        .path("field")
                        .asText())
                .isEqualTo("context.token");
        assertThat(events(ledger, incident, IncidentResolved.TYPE)).isEmpty();

        String commands = stack.notifyUrl() + "/api/v1/chat/mattermost/commands";
        assertThat(stack.slack()
                        .mattermostCommand(commands, "pat.primary", "resolve " + incident, "not-the-token")
                        .status())
                .isEqualTo(401);
        SlackStandIn.Sent note = stack.slack()
                .mattermostCommand(commands, "pat.primary", "note " + incident + " from Mattermost", MATTERMOST_TOKEN);
        assertThat(note.status()).isEqualTo(200);
        assertThat(JSON.readTree(note.body()).path("text").asText().replace("\\", ""))
                .isEqualTo("note added to " + incident);
        assertThat(events(ledger, incident, TimelineEntryAdded.TYPE))
                .singleElement()
                .satisfies(entry ->
                        assertThat(header(entry, CloudEventHeaders.VIA)).isEqualTo("mattermost"));
        assertThat(JSON.readTree(stack.slack()
                                .mattermostCommand(commands, "pat.primary", "oncall", MATTERMOST_TOKEN)
                                .body())
                        .path("text")
                        .asText()
                        .replace("\\", ""))
                .contains("Shop primary: Pat Primary until");
        assertThat(events(ledger, incident, IncidentResolved.TYPE)).isEmpty();
    }

    @Test
    void aMemberNotLinkedToAResponderIsToldWhyAndNothingIsWritten() throws IOException {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Search is slow");
        JsonNode page = page(incident);

        assertThat(refusal(page, UNA)).contains("names no Kizuki user");
        assertThat(refusal(page, VIC)).contains("Your Kizuki user viewer is not a responder");
        assertThat(refusal(page, "U0NOBODY01")).contains("is not linked to anyone");
        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).isEmpty();
    }

    @Test
    void refusesWhatIsNotSignedAsSlackSignsBeforeReadingIt() throws IOException {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Payments time out");
        JsonNode page = page(incident);
        SlackStandIn slack = stack.slack();

        SlackStandIn.Sent stale = slack.click(
                interactions(), page, PAT, "kizuki.acknowledge", Instant.now().minusSeconds(330));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(JSON.readTree(stale.body())
                        .path("errors")
                        .path(0)
                        .path("field")
                        .asText())
                .isEqualTo("X-Slack-Request-Timestamp");
        SlackStandIn.Sent future = slack.click(
                interactions(), page, PAT, "kizuki.acknowledge", Instant.now().plusSeconds(330));
        assertThat(future.status()).isEqualTo(401);
        SlackStandIn.Sent forged = slack.post(interactions(), stale.form(), Instant.now(), "not-the-signing-secret");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(JSON.readTree(forged.body())
                        .path("errors")
                        .path(0)
                        .path("field")
                        .asText())
                .isEqualTo("X-Slack-Signature");
        given().contentType("application/x-www-form-urlencoded")
                .body(stale.form())
                .post(interactions())
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        assertThat(slack.slashCommand(
                                commands(),
                                PAT,
                                "ack " + incident,
                                Instant.now().minusSeconds(600))
                        .status())
                .isEqualTo(401);
        SlackStandIn.Sent notAForm =
                slack.post(interactions(), "payload=%7Bnot-json", Instant.now(), SlackStandIn.SIGNING_SECRET);
        assertThat(notAForm.status()).isEqualTo(400);
        assertThat(JSON.readTree(notAForm.body())
                        .path("errors")
                        .path(0)
                        .path("field")
                        .asText())
                .isEqualTo("payload");

        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).isEmpty();
    }

    @Test
    void theSlashCommandNotesAcknowledgesAndAnswersWhoIsOnCall() throws IOException {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Cart loses items");
        SlackStandIn slack = stack.slack();

        SlackStandIn.Sent help = slack.slashCommand(commands(), PAT, "help", Instant.now());
        assertThat(help.status()).isEqualTo(200);
        assertThat(JSON.readTree(help.body()).path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(JSON.readTree(help.body()).path("text").asText()).contains("/kizuki ack &lt;incident&gt;");

        assertThat(answer(slack.slashCommand(
                        commands(), PAT, "note " + incident + " Restarted <the> pods", Instant.now())))
                .contains("note added to " + incident);
        List<ConsumerRecord<String, byte[]>> notes = events(ledger, incident, TimelineEntryAdded.TYPE);
        assertThat(notes).singleElement().satisfies(note -> {
            assertThat(CODEC.mapper().readTree(note.value()).path("text").asText())
                    .isEqualTo("Restarted <the> pods");
            assertThat(header(note, CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
            assertThat(header(note, CloudEventHeaders.VIA)).isEqualTo("slack");
        });

        assertThat(answer(slack.slashCommand(commands(), PAT, "ack " + incident, Instant.now())))
                .contains(incident + " acknowledged");
        assertThat(answer(slack.slashCommand(commands(), VIC, "ack " + incident, Instant.now())))
                .contains("not a responder");
        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).hasSize(1);

        await().atMost(PATIENCE).until(() -> StackClient.asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incident + "/timeline")
                .asString()
                .contains("user:responder via slack"));

        String declared = answer(
                slack.slashCommand(commands(), PAT, "declare sev3 shop-chat Search answers slowly", Instant.now()));
        assertThat(declared).matches("inc-\\S+ declared");
        String declaredId = declared.substring(0, declared.indexOf(' '));
        List<ConsumerRecord<String, byte[]>> opened = events(ledger, declaredId, IncidentOpened.TYPE);
        assertThat(opened).singleElement().satisfies(event -> {
            assertThat(header(event, CloudEventHeaders.ACTOR)).isEqualTo("user:responder");
            JsonNode data = CODEC.mapper().readTree(event.value());
            assertThat(data.path("product").asText()).isEqualTo("shop");
            assertThat(data.path("title").asText()).isEqualTo("Search answers slowly");
        });
        assertThat(answer(slack.slashCommand(commands(), PAT, "declare sev3 payments/api Not mine", Instant.now())))
                .isEqualTo("You may not declare incidents of product payments.");

        assertThat(answer(slack.slashCommand(commands(), PAT, "oncall", Instant.now())))
                .contains("Shop primary: Pat Primary until");
        assertThat(answer(slack.slashCommand(commands(), PAT, "frobnicate " + incident, Instant.now())))
                .contains("unknown command `frobnicate`");
    }

    @Test
    void answersEverySignedHostileRequestClearlyAndWritesNothing() {
        Map<TopicPartition, Long> ledger = ledgerEnd();
        String incident = declare("Hostile chat");
        String click = """
                {"type":"block_actions","user":{"id":"%s"},"response_url":"%s",
                 "actions":[{"action_id":"kizuki.acknowledge","value":"%s","action_ts":"1764720000.1"}]}""";
        String responseUrl =
                "http://localhost:" + stack.ports().slack() + "/actions/T00000000/1000001/kizukihostile0000000";
        Map<String, String> interactions = new LinkedHashMap<>();
        interactions.put("no payload", "text=hello");
        interactions.put("payload not JSON", "payload=" + encode("{not json"));
        interactions.put("deep nesting", "payload=" + encode("[".repeat(100_000) + "]".repeat(100_000)));
        interactions.put(
                "control characters in the member",
                "payload=" + encode(click.formatted("U0PAT\\u000000001", responseUrl, incident)));
        interactions.put("wrong types", "payload=" + encode("""
                {"type":"block_actions","user":{"id":5},"actions":"all","response_url":[]}"""));
        interactions.put("no actions", "payload=" + encode("""
                {"type":"block_actions","user":{"id":"U0PAT00001"},"actions":[]}"""));
        interactions.put(
                "a response_url that is no URL",
                "payload=" + encode(click.formatted(PAT, "file:///etc/passwd", incident)));
        interactions.put(
                "an incident id with markup", "payload=" + encode(click.formatted(PAT, responseUrl, "<!channel>")));
        interactions.put("invalid percent-encoding", "payload=%zz%");
        interactions.put("over 256 KiB", "payload=" + "x".repeat(300_000));
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put(
                "no member", "text=ack+" + incident + "&response_url=" + encode(responseUrl) + "&trigger_id=1.2.3");
        commands.put("no response_url", "user_id=" + PAT + "&text=ack+" + incident + "&trigger_id=1.2.3");
        commands.put(
                "control characters in the text",
                "user_id=" + PAT + "&text=" + encode("note " + incident + " \u0007\u0000") + "&response_url="
                        + encode(responseUrl) + "&trigger_id=1.2.4");
        commands.put(
                "a 10 kB note",
                "user_id=" + PAT + "&text=" + encode("note " + incident + " " + "x".repeat(10_000)) + "&response_url="
                        + encode(responseUrl) + "&trigger_id=1.2.5");

        Map<String, String> slackEvents = new LinkedHashMap<>();
        slackEvents.put("an event not JSON", "{not json");
        slackEvents.put("an event nested deep", "[".repeat(100_000) + "]".repeat(100_000));
        slackEvents.put("an event of wrong types", """
                {"type":"event_callback","event":{"type":"reaction_added","user":5,"item":[]}}""");
        slackEvents.put("a reaction in no channel", """
                {"type":"event_callback","event":{"type":"reaction_added","user":"U0PAT00001","reaction":"pushpin",
                 "item":{"type":"message","channel":"../general","ts":"1764720000.000100"}}}""");
        slackEvents.put("a challenge with markup", """
                {"type":"url_verification","challenge":"<script>"}""");

        List<String> wrong = new ArrayList<>();
        interactions.forEach((name, form) -> check(interactions(), name, form, wrong));
        commands.forEach((name, form) -> check(commands(), name, form, wrong));
        slackEvents.forEach((name, body) -> check(stack.notifyUrl() + "/api/v1/chat/slack/events", name, body, wrong));
        assertThat(wrong).isEmpty();
        assertThat(events(ledger, incident, IncidentAcknowledged.TYPE)).isEmpty();
        assertThat(events(ledger, incident, TimelineEntryAdded.TYPE)).isEmpty();
    }

    /** A signed request is answered 200, or 4xx as a problem that names the field at fault: never a 5xx. */
    private static void check(String url, String name, String form, List<String> wrong) {
        SlackStandIn.Sent sent = stack.slack().post(url, form, Instant.now(), SlackStandIn.SIGNING_SECRET);
        if (sent.status() == 200) {
            return;
        }
        boolean clear =
                sent.status() >= 400 && sent.status() < 500 && sent.body().contains("\"status\":" + sent.status());
        boolean namesTheField = sent.status() != 400 || sent.body().contains("\"field\":");
        if (!clear || !namesTheField) {
            wrong.add(name + " to " + url + ": " + sent.status() + " "
                    + sent.body().substring(0, Math.min(200, sent.body().length())));
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The text answered at once, or (after "working on it") the one posted to the response URL. */
    private static String answer(SlackStandIn.Sent sent) throws IOException {
        assertThat(sent.status()).isEqualTo(200);
        String text = JSON.readTree(sent.body()).path("text").asText();
        if (!text.startsWith("Working on it")) {
            return text;
        }
        String url = sent.form().replaceAll(".*response_url=([^&]*).*", "$1");
        String path = URLDecoder.decode(url, StandardCharsets.UTF_8).replaceAll("^http://[^/]*", "");
        await().atMost(PATIENCE).until(() -> stack.slack().responses().stream()
                .anyMatch(r -> r.path("path").asText().equals(path)));
        return stack.slack().responses().stream()
                .filter(r -> r.path("path").asText().equals(path))
                .findFirst()
                .orElseThrow()
                .path("payload")
                .path("text")
                .asText();
    }

    private static String refusal(JsonNode page, String member) {
        int before = stack.slack().responses().size();
        assertThat(stack.slack()
                        .click(interactions(), page, member, "kizuki.acknowledge", Instant.now())
                        .status())
                .isEqualTo(200);
        JsonNode reply = responseAfter(before);
        assertThat(reply.path("response_type").asText()).isEqualTo("ephemeral");
        return reply.path("text").asText();
    }

    /** The first answer the stand-in took at a response URL after the first {@code before}. */
    private static JsonNode responseAfter(int before) {
        await().atMost(PATIENCE).until(() -> stack.slack().responses().size() > before);
        return stack.slack().responses().get(before).path("payload");
    }

    private static List<String> buttons(JsonNode message) {
        List<String> ids = new ArrayList<>();
        for (JsonNode block : message.path("blocks")) {
            if (block.path("type").asText().equals("actions")) {
                block.path("elements")
                        .forEach(element -> ids.add(element.path("action_id").asText()));
            }
        }
        return ids;
    }

    private static JsonNode page(String incident) {
        await().atMost(PATIENCE).until(() -> stack.slack().messages().stream()
                .anyMatch(m -> m.path("payload").toString().contains("/#/incidents/" + incident)));
        ObjectNode message = stack.slack().messages().stream()
                .filter(m -> m.path("payload").toString().contains("/#/incidents/" + incident))
                .findFirst()
                .orElseThrow();
        return message.path("payload");
    }

    private static String declare(String title) {
        String location = asResponder()
                .contentType(ContentType.JSON)
                .body(Map.of("title", title, "product", "shop", "service", "shop-chat", "severity", "SEV2"))
                .post(stack.incidentUrl() + "/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String interactions() {
        return stack.notifyUrl() + "/api/v1/chat/slack/interactions";
    }

    private static String commands() {
        return stack.notifyUrl() + "/api/v1/chat/slack/commands";
    }

    private static Map<TopicPartition, Long> ledgerEnd() {
        return LedgerTail.end(stack);
    }

    private static List<ConsumerRecord<String, byte[]>> events(
            Map<TopicPartition, Long> from, String incident, String type) {
        return LedgerTail.events(stack, from, incident, type);
    }

    private static String field(ConsumerRecord<String, byte[]> record, String name) {
        try {
            return CODEC.mapper().readTree(record.value()).path(name).asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return LedgerTail.header(record, name);
    }
}
