package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.putOnCallConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.embedded.LocalStack;
import io.kizuki.embedded.TwilioStandIn;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.NotificationFailed;
import io.restassured.http.ContentType;

/**
 * Waking people by phone through the real stack and the Twilio stand-in: a person's rules push at once, text after a
 * few seconds and call after a few more, each step a page on the ledger; a key pressed in the call and a text replied
 * act as that person, signed as Twilio signs, once; a forged request or an unknown number changes nothing; an
 * acknowledgement stops the steps still to come; a way that fails for good brings the next one forward at once; a
 * person who asked is told once when a shift of theirs starts and ends; a step still to come when notify-service is
 * killed is sent once after its restart; a call that rings out unanswered is a failed page that brings the next step
 * forward; one acknowledgement ends the steps of everyone paged; a low-urgency page waits out quiet hours.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhoneIT {

    private static final Path ROOT =
            Path.of(System.getProperty("kizuki.project.root", "../..")).toAbsolutePath();
    private static final WireCodec CODEC = new WireCodec();
    private static final String PIA = "+819011112222";
    private static final String QUINN = "+4915111112222";
    private static final String RITA = "+12125550143";
    private static final String UMA = "+447700900123";
    private static final Pattern NUMBER = Pattern.compile("Reply ack ([0-9]+)");

    /** Pia's shift in the schedule: an override of 15 s, a few seconds after the tests begin. */
    private static Instant shiftStart;
    /** When Xena's quiet hours end: 25 s after the tests begin (the quiet-hours test runs first). */
    private static Instant quietUntil;

    private static LocalStack stack;
    private static String sample;

    @BeforeAll
    static void givePeoplePhonesAndRules() throws IOException {
        stack = SharedStack.get();
        sample = Files.readString(ROOT.resolve(LocalStack.ONCALL_SAMPLE));
        shiftStart = Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        quietUntil = Instant.now().plusSeconds(25).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        putOnCallConfig(stack, Keycloak.user("admin", "admin"), """
                people:
                  pia:
                    name: Pia Phone
                    timeZone: Asia/Tokyo
                    push: kizuki-pia-phone
                    sms: "%s"
                    voice: "%s"
                    user: responder
                    rules:
                      high: [{method: push}, {method: sms, after: PT3S}, {method: voice, after: PT6S}]
                      handOffs: [push]
                  quinn:
                    name: Quinn Fallback
                    timeZone: Europe/Berlin
                    sms: "%s"
                    voice: "%s"
                    user: responder
                    rules:
                      high: [{method: sms}, {method: voice, after: PT1H}]
                  rita:
                    name: Rita Restart
                    timeZone: America/New_York
                    push: kizuki-rita-phone
                    sms: "%s"
                    user: responder
                    rules:
                      high: [{method: push}, {method: sms, after: PT20S}]
                  sara:
                    name: Sara Sleeping
                    timeZone: Asia/Tokyo
                    push: kizuki-sara-phone
                    sms: "+819033334444"
                    rules:
                      high: [{method: push}, {method: sms, after: PT12S}]
                  tess:
                    name: Tess Next
                    timeZone: Asia/Tokyo
                    push: kizuki-tess-phone
                  uma:
                    name: Uma Unanswered
                    timeZone: Europe/London
                    language: ja
                    sms: "%s"
                    voice: "%s"
                    rules:
                      high: [{method: voice}, {method: sms, after: PT1H}]
                  vera:
                    name: Vera Pair
                    timeZone: UTC
                    push: kizuki-vera-phone
                    sms: "+447700900001"
                    rules:
                      high: [{method: push}, {method: sms, after: PT10S}]
                  walt:
                    name: Walt Pair
                    timeZone: UTC
                    push: kizuki-walt-phone
                    sms: "+447700900002"
                    rules:
                      high: [{method: push}, {method: sms, after: PT10S}]
                  xena:
                    name: Xena Quiet
                    timeZone: UTC
                    push: kizuki-xena-phone
                    rules:
                      high: [{method: push}]
                      low: [{method: push}]
                      quietHours: {from: "%s", until: "%s"}
                  yoko:
                    name: Yoko Awake
                    timeZone: UTC
                    push: kizuki-yoko-phone
                schedules:
                  phone-primary:
                    name: Phone primary
                    timeZone: UTC
                    layers: [{members: [quinn], length: P7D, start: "2026-01-05T00:00:00"}]
                    overrides: [{person: pia, from: "%s", until: "%s"}]
                escalationPolicies:
                  phone:
                    levels: [{timeout: PT1H, targets: [{person: pia}]}]
                  fallback:
                    levels: [{timeout: PT1H, targets: [{person: quinn}]}]
                  restart:
                    levels: [{timeout: PT1H, targets: [{person: rita}]}]
                  ladder:
                    levels:
                      - {timeout: PT8S, targets: [{person: sara}]}
                      - {timeout: PT1H, targets: [{person: tess}]}
                  unanswered:
                    levels: [{timeout: PT1H, targets: [{person: uma}]}]
                  pair:
                    levels: [{timeout: PT1H, targets: [{person: vera}, {person: walt}]}]
                  quiet:
                    levels: [{timeout: PT1H, targets: [{person: xena}, {person: yoko}]}]
                routing:
                  default: phone
                  rules:
                    - {service: [shop-fallback], policy: fallback}
                    - {service: [shop-restart], policy: restart}
                    - {service: [shop-ladder], policy: ladder}
                    - {service: [shop-unanswered], policy: unanswered}
                    - {service: [shop-pair], policy: pair}
                    - {service: [shop-quiet], policy: quiet}
                """.formatted(
                        PIA,
                        PIA,
                        QUINN,
                        QUINN,
                        RITA,
                        UMA,
                        UMA,
                        quietUntil.minusSeconds(3600).atZone(ZoneOffset.UTC).toLocalTime(),
                        quietUntil.atZone(ZoneOffset.UTC).toLocalTime(),
                        shiftStart,
                        shiftStart.plusSeconds(15)));
    }

    @AfterAll
    static void restoreTheSample() {
        putOnCallConfig(stack, Keycloak.user("admin", "admin"), sample);
    }

    @Test
    @Order(1)
    void aLowUrgencyPageWaitsOutThePersonsQuietHoursWhileTheOthersAwakeArePagedAtOnce() {
        String incident = declare("Thumbnails slow (phone 6)", "shop-quiet", "SEV3");
        await().atMost(PATIENCE).until(() -> pushes(incident, "kizuki-yoko-phone") == 1);
        assertThat(pushes(incident, "kizuki-xena-phone")).isZero();
        ObjectNode push = await().atMost(PATIENCE)
                .until(
                        () -> stack.slack().pushes().stream()
                                .filter(sent -> sent.path("payload")
                                                .path("topic")
                                                .asText()
                                                .equals("kizuki-xena-phone")
                                        && sent.path("payload")
                                                .path("click")
                                                .asText()
                                                .endsWith("/#/incidents/" + incident))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(Instant.parse(push.path("receivedAt").asText())).isAfterOrEqualTo(quietUntil);
    }

    @Test
    void oneAcknowledgementStopsTheStepsStillToComeForEveryonePaged() {
        Map<TopicPartition, Long> ledger = LedgerTail.end(stack);
        String incident = declare("Invoices stuck (phone 7)", "shop-pair");
        Instant opened = openedAt(ledger, incident);
        await().atMost(PATIENCE)
                .until(() -> pushes(incident, "kizuki-vera-phone") == 1 && pushes(incident, "kizuki-walt-phone") == 1);
        asResponder()
                .post(stack.incidentUrl() + "/api/v1/incidents/" + incident + "/acknowledge")
                .then()
                .statusCode(200);
        // the acknowledgement came before the texts were due, so neither Vera's nor Walt's text is ever sent
        assertThat(Instant.now()).isBefore(opened.plusSeconds(10));
        Duration pastTheTexts = Duration.between(Instant.now(), opened.plusSeconds(14));
        await().during(pastTheTexts)
                .atMost(pastTheTexts.plusSeconds(5))
                .until(() -> text("+447700900001", incident).isEmpty()
                        && text("+447700900002", incident).isEmpty());
    }

    @Test
    void aCallNobodyAnswersIsAFailedPageAndBringsThePersonsNextStepForward() {
        Map<TopicPartition, Long> ledger = LedgerTail.end(stack);
        String title = "Labels not printing (phone 8)";
        String incident = declare(title, "shop-unanswered");
        ObjectNode call = await().atMost(PATIENCE)
                .until(() -> call(UMA, title), Optional::isPresent)
                .orElseThrow();
        assertThat(call.path("statusCallback").asText())
                .startsWith(call.path("action").asText() + "/status?notification=");
        assertThat(call.path("timeout").asText()).isEqualTo("30");
        TwilioStandIn twilio = stack.slack().twilio();

        // unsigned, or naming another notification than its token's, the end of the call changes nothing
        ObjectNode another = call.deepCopy()
                .put("statusCallback", call.path("statusCallback").asText() + "x");
        assertThat(twilio.endCall(another, "no-answer").status()).isEqualTo(400);
        assertThat(twilio.post(
                                call.path("statusCallback").asText(),
                                Map.of("CallStatus", "no-answer", "To", UMA),
                                "not-the-token")
                        .status())
                .isEqualTo(401);
        assertThat(text(UMA, incident)).isEmpty();

        assertThat(twilio.endCall(call, "no-answer").status()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> failed = await().atMost(PATIENCE)
                .until(
                        () -> LedgerTail.events(stack, ledger, incident, NotificationFailed.TYPE),
                        list -> !list.isEmpty());
        assertThat(new String(failed.getFirst().value(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"channel\":\"voice\"", "the call was not answered (no-answer)");
        // the text was an hour away; the unanswered call brings it forward, in the language Uma chose
        ObjectNode text = await().atMost(PATIENCE)
                .until(() -> text(UMA, incident), Optional::isPresent)
                .orElseThrow();
        assertThat(text.path("body").asText()).contains("返信: ack ");
        assertThat(call.path("twiml").asText()).contains("<Say language=\"ja-JP\">");
        // the same end posted again is recorded once
        assertThat(twilio.endCall(call, "no-answer").status()).isEqualTo(200);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> LedgerTail.events(stack, ledger, incident, NotificationFailed.TYPE)
                                .size()
                        == 1);
    }

    @Test
    void aPersonIsPushedThenTextedThenCalledAndAKeyAcknowledgesAsThemOnce() {
        Map<TopicPartition, Long> ledger = LedgerTail.end(stack);
        String title = "Payments stuck (phone 1)";
        String incident = declare(title, "shop-phone");
        Instant opened = openedAt(ledger, incident);

        await().atMost(PATIENCE).until(() -> stack.slack().pushes().stream()
                .anyMatch(push -> push.path("payload").path("click").asText().endsWith("/#/incidents/" + incident)));
        ObjectNode text = await().atMost(PATIENCE)
                .until(() -> text(PIA, incident), Optional::isPresent)
                .orElseThrow();
        ObjectNode call = await().atMost(PATIENCE)
                .until(() -> call(PIA, title), Optional::isPresent)
                .orElseThrow();
        assertThat(Instant.parse(text.path("receivedAt").asText())).isAfterOrEqualTo(opened.plusSeconds(3));
        assertThat(Instant.parse(call.path("receivedAt").asText())).isAfterOrEqualTo(opened.plusSeconds(6));
        assertThat(call.path("from").asText()).isEqualTo(TwilioStandIn.NUMBER);
        assertThat(call.path("say").asText()).contains(title, "Press 4 to acknowledge, 6 to resolve");
        assertThat(call.path("action").asText()).startsWith(stack.notifyUrl() + "/api/v1/telephony/voice/");

        // a key posted without Twilio's signature does nothing
        TwilioStandIn twilio = stack.slack().twilio();
        assertThat(twilio.post(call.path("action").asText(), Map.of("Digits", "4", "To", PIA), "not-the-token")
                        .status())
                .isEqualTo(401);
        assertThat(LedgerTail.events(stack, ledger, incident, IncidentAcknowledged.TYPE))
                .isEmpty();

        TwilioStandIn.Answer pressed = twilio.pressKey(call, "4");
        assertThat(pressed.status()).isEqualTo(200);
        assertThat(pressed.body()).startsWith("<?xml").contains("<Say>", "acknowledged");
        List<ConsumerRecord<String, byte[]>> acknowledged =
                LedgerTail.events(stack, ledger, incident, IncidentAcknowledged.TYPE);
        assertThat(acknowledged).hasSize(1);
        assertThat(LedgerTail.header(acknowledged.getFirst(), CloudEventHeaders.ACTOR))
                .isEqualTo("user:responder");
        assertThat(LedgerTail.header(acknowledged.getFirst(), CloudEventHeaders.VIA))
                .isEqualTo("voice");

        // the same key again (Twilio's retry, a replayed request) changes nothing
        assertThat(twilio.pressKey(call, "4").status()).isEqualTo(200);
        assertThat(LedgerTail.events(stack, ledger, incident, IncidentAcknowledged.TYPE))
                .hasSize(1);
        // an answered call's end is no failure
        assertThat(twilio.endCall(call, "completed").status()).isEqualTo(200);
        assertThat(LedgerTail.events(stack, ledger, incident, NotificationFailed.TYPE))
                .isEmpty();
    }

    @Test
    void aTextReplyActsOnThePageItsNumberNamesAndStopsTheCallStillToCome() {
        Map<TopicPartition, Long> ledger = LedgerTail.end(stack);
        String title = "Search slow (phone 2)";
        String incident = declare(title, "shop-phone");
        ObjectNode text = await().atMost(PATIENCE)
                .until(() -> text(PIA, incident), Optional::isPresent)
                .orElseThrow();
        Matcher number = NUMBER.matcher(text.path("body").asText());
        assertThat(number.find()).as(text.path("body").asText()).isTrue();
        String reply = "ack " + number.group(1);
        TwilioStandIn twilio = stack.slack().twilio();
        String webhook = stack.notifyUrl() + "/api/v1/telephony/sms";

        assertThat(twilio.reply(webhook, "+15550001111", reply).body()).contains("not on call");
        // at most 10 texts a minute from one number; more are 429 with Retry-After
        List<Integer> statuses = java.util.stream.IntStream.range(0, 11)
                .mapToObj(
                        i -> twilio.reply(webhook, "+15550002222", "ack 1" + i).status())
                .toList();
        assertThat(statuses.subList(0, 10)).containsOnly(200);
        assertThat(statuses.getLast()).isEqualTo(429);
        assertThat(twilio.post(webhook, Map.of("From", PIA, "Body", reply), "forged")
                        .status())
                .isEqualTo(401);
        assertThat(twilio.reply(webhook, PIA, "res 100").body()).contains("no page 100");
        assertThat(LedgerTail.events(stack, ledger, incident, IncidentAcknowledged.TYPE))
                .isEmpty();

        TwilioStandIn.Answer answered = twilio.reply(webhook, PIA, reply);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body()).contains("<Message>", "acknowledged");
        LedgerTail.acknowledgedOnceVia(stack, ledger, incident, "sms");
        assertThat(twilio.reply(webhook, PIA, reply).status()).isEqualTo(200);
        assertThat(LedgerTail.events(stack, ledger, incident, IncidentAcknowledged.TYPE))
                .hasSize(1);

        // the call due 6 s after the opening never rings: the acknowledgement ended the person's steps
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).until(() -> call(PIA, title)
                .isEmpty());
    }

    @Test
    void aTextThatFailsForGoodBringsTheCallForwardAtOnce() {
        TwilioStandIn twilio = stack.slack().twilio();
        twilio.failTextsWith(400);
        try {
            Map<TopicPartition, Long> ledger = LedgerTail.end(stack);
            String title = "Cart lost (phone 3)";
            String incident = declare(title, "shop-fallback");
            await().atMost(PATIENCE).until(() -> !LedgerTail.events(stack, ledger, incident, NotificationFailed.TYPE)
                    .isEmpty());
            // the call was an hour away; the text's failure brings it forward
            ObjectNode call = await().atMost(PATIENCE)
                    .until(() -> call(QUINN, title), Optional::isPresent)
                    .orElseThrow();
            assertThat(Instant.parse(call.path("receivedAt").asText()))
                    .isBefore(openedAt(ledger, incident).plusSeconds(600));
        } finally {
            twilio.failTextsWith(0);
        }
    }

    @Test
    void aPersonIsToldOnceWhenTheirShiftStartsAndWhenItEnds() {
        await().atMost(PATIENCE)
                .until(() -> handOffs("starts now").size() == 1
                        && handOffs("has ended").size() == 1);
        assertThat(handOffs("starts now")
                        .getFirst()
                        .path("payload")
                        .path("title")
                        .asText())
                .isEqualTo("Your on-call shift in Phone primary starts now, until "
                        + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                                .format(shiftStart.plusSeconds(15).atZone(java.time.ZoneId.of("Asia/Tokyo")))
                        + " (Asia/Tokyo)");
        // told once: the next looks at the same boundaries tell nobody again
        await().during(Duration.ofSeconds(11))
                .atMost(Duration.ofSeconds(15))
                .until(() -> handOffs("starts now").size() == 1
                        && handOffs("has ended").size() == 1);
    }

    @Test
    void aTestReachesEveryWayTextAndCallIncludedAndItsOutcomeIsKept() {
        String admin = Keycloak.user("admin", "admin");
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(admin)
                .post(stack.notifyUrl() + "/api/v1/people/pia/test-notification")
                .then()
                .statusCode(200)
                .body("results.channel", org.hamcrest.Matchers.contains("push", "sms", "voice"))
                .body("results.delivered", org.hamcrest.Matchers.contains(true, true, true));
        assertThat(stack.slack().twilio().calls())
                .anyMatch(call -> PIA.equals(call.path("to").asText())
                        && call.path("say").asText().startsWith("This is a test call from Kizuki"));
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(admin)
                .get(stack.notifyUrl() + "/api/v1/people/pia/contact-methods")
                .then()
                .statusCode(200)
                .body("methods.method", org.hamcrest.Matchers.contains("push", "sms", "voice"))
                .body("methods.address", org.hamcrest.Matchers.contains("kiz***", "+81******2222", "+81******2222"))
                .body("methods.lastTest.delivered", org.hamcrest.Matchers.contains(true, true, true));
    }

    @Test
    void aStepStillToComeWhenNotifyServiceIsKilledIsSentOnceAfterTheRestart() {
        Map<TopicPartition, Long> ledger = LedgerTail.end(stack);
        String incident = declare("Refunds stuck (phone 4)", "shop-restart");
        Instant opened = openedAt(ledger, incident);
        await().atMost(PATIENCE).until(() -> pushes(incident) == 1);

        stack.killAndRestart("notify-service");

        ObjectNode text = await().atMost(PATIENCE)
                .until(() -> text(RITA, incident), Optional::isPresent)
                .orElseThrow();
        assertThat(Instant.parse(text.path("receivedAt").asText())).isAfterOrEqualTo(opened.plusSeconds(20));
        // the timer came from the ledger: the step is sent once, and the push before it is not sent again
        await().during(Duration.ofSeconds(5))
                .atMost(PATIENCE)
                .until(() -> pushes(incident) == 1
                        && stack.slack().twilio().texts().stream()
                                        .filter(sent ->
                                                sent.path("body").asText().contains("/#/incidents/" + incident))
                                        .count()
                                == 1);
    }

    @Test
    void whenNobodyAnswersTheNextLevelIsPagedAndTheFirstLevelsLaterStepsNeverCome() {
        String incident = declare("Stock sync stuck (phone 5)", "shop-ladder");
        await().atMost(PATIENCE).until(() -> pushes(incident, "kizuki-sara-phone") == 1);
        // level 1 times out after 8 s: the next level's person is pushed
        await().atMost(PATIENCE).until(() -> pushes(incident, "kizuki-tess-phone") == 1);
        // sara's text was due 12 s after her level began, but her level ended at 8 s
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).until(() -> text("+819033334444", incident)
                .isEmpty());
    }

    private static long pushes(String incident, String topic) {
        return stack.slack().pushes().stream()
                .filter(push -> push.path("payload").path("topic").asText().equals(topic)
                        && push.path("payload").path("click").asText().endsWith("/#/incidents/" + incident))
                .count();
    }

    private static long pushes(String incident) {
        return stack.slack().pushes().stream()
                .filter(push -> push.path("payload").path("click").asText().endsWith("/#/incidents/" + incident))
                .count();
    }

    private static List<ObjectNode> handOffs(String saying) {
        return stack.slack().pushes().stream()
                .filter(push -> push.path("payload").path("topic").asText().equals("kizuki-pia-phone")
                        && push.path("payload").path("title").asText().startsWith("Your on-call shift in Phone primary")
                        && push.path("payload").path("title").asText().contains(saying))
                .toList();
    }

    private static Optional<ObjectNode> text(String to, String incident) {
        return stack.slack().twilio().texts().stream()
                .filter(text -> to.equals(text.path("to").asText())
                        && text.path("body").asText().contains("/#/incidents/" + incident))
                .findFirst();
    }

    private static Optional<ObjectNode> call(String to, String title) {
        return stack.slack().twilio().calls().stream()
                .filter(call -> to.equals(call.path("to").asText())
                        && call.path("say").asText().contains(title))
                .findFirst();
    }

    private static String declare(String title, String service) {
        return declare(title, service, "SEV1");
    }

    private static String declare(String title, String service, String severity) {
        String location = asResponder()
                .contentType(ContentType.JSON)
                .body(Map.of("title", title, "product", "shop", "service", service, "severity", severity))
                .post(stack.incidentUrl() + "/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static Instant openedAt(Map<TopicPartition, Long> ledger, String incident) {
        await().atMost(PATIENCE).until(() -> !LedgerTail.events(stack, ledger, incident, IncidentOpened.TYPE)
                .isEmpty());
        try {
            return Instant.parse(CODEC.mapper()
                    .readTree(LedgerTail.events(stack, ledger, incident, IncidentOpened.TYPE)
                            .getFirst()
                            .value())
                    .path("openedAt")
                    .asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
