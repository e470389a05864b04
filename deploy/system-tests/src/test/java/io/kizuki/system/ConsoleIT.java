package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static io.kizuki.system.StackClient.asResponder;
import static io.kizuki.system.StackClient.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.Topics;

/**
 * The web console in a real headless Chromium against the whole stack: signing in on Keycloak's own page
 * (authorization code with PKCE), also through 127.0.0.1, an alert arriving live, the responder's actions, what a
 * viewer sees, two windows acting at once, a shift swap asked for and taken from the schedule, every page on a
 * phone-sized screen (also set to dark, and in Japanese), and a replay and an on-call simulation run by an admin. Screenshots of each step: target/console-screenshots.
 */
class ConsoleIT {

    private static final Path ROOT =
            Path.of(System.getProperty("kizuki.project.root", "../..")).toAbsolutePath();
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        Browser.install();
    }

    @Test
    void responderSeesAnAlertArriveLiveThenAcknowledgesAnnotatesAndResolvesIt() {
        try (Browser browser = Browser.open("responder")) {
            browser.get(stack.reportUrl() + "/");
            browser.signIn("responder", "responder");
            browser.find("#live[data-state=live]");
            browser.find("ul.incidents");
            assertThat(browser.script("return sessionStorage.length + localStorage.length"))
                    .isEqualTo(0L);
            browser.script("window.kizukiTestMarker = 'not reloaded'");
            browser.screenshot("incidents");

            String groupKey = "{}:{console=" + UUID.randomUUID() + "}";
            String dedupKey = StackClient.postAlertmanager(
                            StackClient.samplePayload().replace(StackClient.SAMPLE_GROUP_KEY, groupKey))
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("dedupKey");
            String id = await().atMost(PATIENCE)
                    .until(() -> StackClient.incidentsWithDedupKey(dedupKey), ids -> ids.size() == 1)
                    .get(0);
            WebElement row = browser.find("li.incident[data-incident-id='" + id + "']");
            assertThat(browser.script("return window.kizukiTestMarker")).isEqualTo("not reloaded");
            assertThat(row.getText()).contains("SEV", "Triggered", "shop");
            browser.screenshot("alert-arrived-live");

            row.findElement(By.cssSelector("a.title")).click();
            browser.find("#incident-status[data-status=TRIGGERED]");
            browser.find(".timeline li[data-kind=opened]");
            browser.screenshot("incident");

            browser.find("[data-action=acknowledge]").click();
            browser.find("#incident-status[data-status=ACKNOWLEDGED]");
            assertThat(browser.find("#notice").getText()).contains("Acknowledged");
            browser.screenshot("acknowledged");

            browser.find("details.form:has(form[data-form=timeline]) > summary").click();
            new Select(browser.find("form[data-form=timeline] select[name=kind]")).selectByValue("decision");
            browser.find("form[data-form=timeline] textarea[name=text]").sendKeys("Roll back release 2026.11.3");
            browser.screenshot("timeline-entry");
            browser.find("[data-action=timeline]").click();
            WebElement decision = browser.find(".timeline li[data-kind=decision]");
            assertThat(decision.getText()).contains("Roll back release 2026.11.3", "responder");
            browser.screenshot("timeline-entry-added");

            browser.find("[data-action=resolve]").click();
            browser.find("#incident-status[data-status=RESOLVED]");
            browser.waitFor(
                    ExpectedConditions.attributeToBe(By.cssSelector("[data-action=resolve]"), "disabled", "true"));
            // the timeline is drawn again when a live change arrives (notify-service's records of its pages)
            await().atMost(PATIENCE)
                    .ignoreException(StaleElementReferenceException.class)
                    .untilAsserted(() -> assertThat(browser.all(".timeline li").stream()
                                    .map(entry -> entry.getAttribute("data-kind"))
                                    .toList())
                            .containsSubsequence("opened", "status", "decision", "status"));
            browser.screenshot("resolved");

            String link = await().atMost(PATIENCE).until(() -> slackLink(id), found -> found != null);
            assertThat(link).isEqualTo(stack.reportUrl() + "/#/incidents/" + id);
            browser.get(stack.reportUrl() + "/");
            browser.find("ul.incidents");
            browser.get(link);
            browser.find("#incident-status[data-status=RESOLVED]");
            browser.screenshot("opened-from-slack-link");

            browser.find("#signout").click();
            browser.find("#username");
            browser.screenshot("signed-out");
            browser.get(stack.reportUrl() + "/");
            browser.find("#username");
        }
    }

    @Test
    void responderDeclaresWorksAndClosesASev2ThroughTheConsoleAlone() {
        String title = "Checkout pages time out " + UUID.randomUUID();
        try (Browser browser = Browser.open("sev2")) {
            browser.get(stack.reportUrl() + "/#/declare");
            browser.signIn("responder", "responder");
            check(browser, "declare", "form[data-form=declare]");
            browser.find("form[data-form=declare] input[name=title]").sendKeys(title);
            new Select(browser.find("form[data-form=declare] select[name=severity]")).selectByValue("SEV2");
            WebElement product = browser.find("form[data-form=declare] input[name=product]");
            product.clear();
            product.sendKeys("shop");
            browser.find("form[data-form=declare] input[name=service]").sendKeys("shop-checkout");
            browser.find("form[data-form=declare] textarea[name=summary]").sendKeys("Support reports timeouts");
            browser.find("[data-action=declare]").click();
            browser.find("#incident-status[data-status=TRIGGERED]");
            String id = ((String) browser.script("return location.hash")).replace("#/incidents/", "");
            assertThat(browser.find("#page-title").getText()).isEqualTo(title);
            browser.screenshot("declared");

            browser.find("[data-action=acknowledge]").click();
            browser.find("#incident-status[data-status=ACKNOWLEDGED]");
            browser.find("details.form:has(form[data-form=status]) > summary").click();
            new Select(browser.find("form[data-form=status] select[name=status]")).selectByValue("identified");
            browser.find("form[data-form=status] input[name=note]").sendKeys("pool exhausted since the 14:02 deploy");
            browser.find("[data-action=status]").click();
            browser.find("#incident-status[data-status=IDENTIFIED]");
            // an entry of what happened before the incident was declared, at the time it happened
            browser.find("details.form:has(form[data-form=timeline]) > summary").click();
            browser.find("form[data-form=timeline] textarea[name=text]").sendKeys("Support first heard of timeouts");
            String earlier = (String) browser.script(
                    "const d = new Date(Date.now() - 3600000); d.setSeconds(0, 0);"
                            + " const p = (n) => String(n).padStart(2, '0');"
                            + " arguments[0].value = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate())"
                            + " + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()); return d.toISOString();",
                    browser.find("form[data-form=timeline] input[name=occurredAt]"));
            browser.find("[data-action=timeline]").click();
            assertThat(browser.find(".timeline li[data-kind=note]:has(time[datetime='" + earlier + "'])")
                            .getText())
                    .contains("Support first heard of timeouts");
            browser.find("details.form:has(form[data-form=action-items]) > summary")
                    .click();
            check(browser, "action-item-form", "form[data-form=action-items] input[name=title]");
            browser.find("form[data-form=action-items] input[name=title]").sendKeys("Load-test pool sizes");
            new Select(browser.find("form[data-form=action-items] select[name=kind]")).selectByValue("prevention");
            browser.find("form[data-form=action-items] input[name=owner]").sendKeys("responder");
            browser.script("document.querySelector('form[data-form=action-items] input[name=dueDate]').value = "
                    + "'2027-01-15'");
            browser.find("[data-action=action-items]").click();
            browser.find("ul.action-items li[data-done=false]");
            // given to someone else, later: only what changed is sent
            browser.find("ul.action-items li[data-done=false] details.change > summary")
                    .click();
            WebElement owner = browser.find("ul.action-items form[data-form=action-item-change] input[name=owner]");
            owner.clear();
            owner.sendKeys("alice");
            browser.find("ul.action-items [data-action=update-action-item]").click();
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("ul.action-items li[data-done=false]"), "alice, due"));
            assertThat(browser.find("#notice").getText()).contains("Action item changed.");
            browser.find("[data-action=resolve]").click();
            browser.find("#incident-status[data-status=RESOLVED]");
            // the close is refused before the click, with the decider's reasons
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("close-blockers"), "its postmortem is not published"));
            assertThat(browser.find("[data-action=close]").getAttribute("disabled"))
                    .isEqualTo("true");
            browser.screenshot("close-refused");

            browser.get(stack.reportUrl() + "/#/incidents/" + id + "/postmortem");
            check(browser, "postmortem-editor", "[data-section=lessons] textarea");
            assertThat(browser.find("#publish-blockers").getText())
                    .contains("no contributing factor is named", "the lessons are not written");
            assertThat(browser.find("[data-action=publish]").getAttribute("disabled"))
                    .isEqualTo("true");
            new Select(browser.find("[data-section=contributing-factors] select")).selectByValue("capacity");
            browser.find("[data-section=contributing-factors] input").sendKeys("the pool was sized for last year");
            browser.find("[data-action=save-factors]").click();
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-section=contributing-factors] .saved"), "Saved."));
            // the blameless check answers as the person types (the decider's own check, on each save)
            WebElement lessons = browser.find("[data-section=lessons] textarea");
            lessons.sendKeys("It was human error.");
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-section=lessons] .warnings"), "puts the cause on a person"));
            browser.screenshot("blameless-warning");
            lessons.clear();
            lessons.sendKeys("Size pools from load tests.");
            browser.waitFor(
                    driver -> browser.all("[data-section=lessons] .warnings li").isEmpty()
                            && browser.all("[data-section=lessons] .saved")
                                    .getFirst()
                                    .getText()
                                    .equals("Saved."));
            browser.waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-action=publish]")));
            browser.find("[data-action=publish]").click();
            browser.find(".badge.postmortem-published");
            assertThat(browser.find("main").getText()).contains("Size pools from load tests.");
            browser.screenshot("published");
            // exported as report-service writes it, read with the signed-in user's token, and downloaded
            browser.find("[data-action=export-markdown]").click();
            browser.find("a[data-export=markdown]");
            assertThat(downloaded(browser, "postmortem-" + id + ".md"))
                    .contains(title, "Size pools from load tests.", "the pool was sized for last year");
            browser.find("[data-action=export-html]").click();
            assertThat(downloaded(browser, "postmortem-" + id + ".html"))
                    .contains("<html", "Size pools from load tests.");

            browser.get(stack.reportUrl() + "/#/incidents/" + id);
            browser.find("[data-action=complete-action-item]").click();
            browser.find("ul.action-items li[data-done=true]");
            browser.waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-action=close]")));
            browser.find("[data-action=close]").click();
            browser.find("#incident-status[data-status=CLOSED]");
            browser.screenshot("closed");
        }
    }

    @Test
    void aResponderTestsHowTheyAreReachedAndAsksForASwapWhichTheOneAskedTakesAndCancelsFromTheSchedule()
            throws IOException {
        String sample = Files.readString(ROOT.resolve(LocalStack.ONCALL_SAMPLE));
        String admin = Keycloak.user("admin", "admin");
        // bob is the local realm's admin user here, as alice is its responder user
        StackClient.putOnCallConfig(
                stack, admin, sample.replace("    slack: U0BOB000001\n", "    slack: U0BOB000001\n    user: admin\n"));
        try {
            String start;
            String swap;
            try (Browser alice = Browser.open("swap-asked")) {
                alice.get(stack.reportUrl() + "/#/oncall?schedule=shop-primary");
                alice.signIn("responder", "responder");
                // how Kizuki reaches her: a test on each way, delivered by the SMTP server, and kept
                long tests = testMailsTo("alice@example.com");
                alice.find("section[aria-labelledby=contact-title] li[data-method=email]");
                // her Slack member is linked to her Kizuki user (slack: and user: in the configuration)
                assertThat(alice.find("section[aria-labelledby=contact-title] p[data-slack=linked]")
                                .getText())
                        .contains("U0ALICE0001", "responder");
                alice.find("[data-action=test-notification]").click();
                alice.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "1 of 1 delivered"));
                alice.find("section[aria-labelledby=contact-title] li[data-method=email][data-delivered=true]");
                // one more test e-mail to her (the SMTP server keeps mails by mailbox, not in arrival order)
                assertThat(testMailsTo("alice@example.com")).isEqualTo(tests + 1);
                // the policies that page for her products, read-only
                assertThat(alice.find("section[aria-labelledby=policies-title][data-loaded] li[data-policy=shop]")
                                .getText())
                        .contains(
                                "whoever is on call in Shop, primary",
                                "unacknowledged after 5 min, the next level",
                                "Erin Example");
                alice.find("ul.shifts li[data-schedule=shop-primary]");
                List<WebElement> shifts = alice.all("ul.shifts li[data-schedule=shop-primary]");
                WebElement shift = shifts.getLast();
                start = shift.getAttribute("data-start");
                shift.findElement(By.cssSelector("details.form > summary")).click();
                alice.waitFor(driver -> !shift.findElements(By.cssSelector("select[name=to] option[value=bob]"))
                        .isEmpty());
                new Select(shift.findElement(By.cssSelector("select[name=to]"))).selectByValue("bob");
                shift.findElement(By.cssSelector("input[name=reason]")).sendKeys("a wedding");
                alice.screenshot("swap-ask");
                shift.findElement(By.cssSelector("[data-action=ask-swap]")).click();
                alice.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Asked"));
                WebElement asked = alice.find("ul.swaps li[data-state=requested][data-from='" + start + "']");
                swap = asked.getAttribute("data-swap-id");
                assertThat(asked.getText()).contains("Alice Example asks Bob Example to take", "a wedding");
                // she cannot take her own request, only cancel it
                assertThat(asked.findElements(By.cssSelector("[data-action=accept-swap]")))
                        .isEmpty();
                assertThat(asked.findElements(By.cssSelector("[data-action=cancel-swap]")))
                        .hasSize(1);
            }
            String during = Instant.parse(start).plus(Duration.ofHours(1)).toString();
            assertThat(onCallAt(during)).isEqualTo("alice");

            String item = "ul.swaps li[data-swap-id='" + swap + "']";
            try (Browser bob = Browser.open("swap-taken")) {
                bob.get(stack.reportUrl() + "/#/oncall?schedule=shop-primary");
                bob.signIn("admin", "admin");
                bob.find(item + "[data-state=requested] [data-action=accept-swap]")
                        .click();
                bob.find(item + "[data-state=accepted]");
                assertThat(bob.find("#notice").getText()).contains("Taken");
                assertThat(onCallAt(during)).isEqualTo("bob");

                // the week of the swap, in the browser's time zone: bob paged on its first day, as an override
                bob.find(item + " [data-action=show-swap]").click();
                String day = (String) bob.script(
                        "const d = new Date(arguments[0]); return d.getFullYear() + '-' "
                                + "+ String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0')",
                        start);
                bob.find("table.calendar.week tr[data-row=paged] td[data-day='" + day
                        + "'] li.override[data-person=bob]");
                bob.find("table.calendar.week tr[data-row=overrides] td[data-day='" + day + "'] li[data-person=bob]");
                assertThat(bob.find("table.calendar.week tr[data-row=layer] td[data-day='" + day + "']")
                                .getText())
                        .contains("Alice Example");
                check(bob, "swap-calendar", "section[aria-labelledby=policies-title][data-loaded]");

                bob.find(item + " [data-action=cancel-swap]").click();
                bob.find(item + "[data-state=cancelled]");
                assertThat(onCallAt(during)).isEqualTo("alice");
                assertThat(bob.all("table.calendar.week tr[data-row=paged] td[data-day='" + day
                                + "'] li.override[data-person=bob]"))
                        .isEmpty();
            }
        } finally {
            StackClient.putOnCallConfig(stack, admin, sample);
        }
    }

    @Test
    void anotherProductsResponderRecordsWhatTheirProductDoesWithASharedPreventionActionOnTheBoard() {
        String id = StackClient.openIncident("console-adoption");
        String incident = stack.incidentUrl() + "/api/v1/incidents/" + id;
        asResponder().post(incident + "/resolve").then().statusCode(200);
        String prevention = asResponder()
                .contentType("application/json")
                .body("""
                {"title":"Load-test pool sizes before release","kind":"prevention","owner":"pat","dueDate":"2099-01-10"}""")
                .post(incident + "/action-items")
                .then()
                .statusCode(200)
                .extract()
                .path("events[0].data.actionItemId");
        LearningLoopIT.writeAndPublishPostmortem(incident);
        String board = stack.reportUrl() + "/api/v1/knowledge/adoption";
        await().atMost(PATIENCE)
                .until(
                        () -> asViewer()
                                .get(board)
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString(),
                        body -> body.contains(prevention));
        Keycloak.userOfProduct("console-payments", "responder", "payments");
        try (Browser browser = Browser.open("adoption")) {
            browser.get(stack.reportUrl() + "/#/knowledge");
            browser.signIn("console-payments", "console-payments");
            String card = "ul.adoption li[data-action-item='" + prevention + "']";
            String payments = card + " li[data-product=payments]";
            browser.find(payments + "[data-answer=unanswered]");
            // the product that shared it does not answer it
            assertThat(browser.all(card + " li[data-product=shop]")).isEmpty();
            new Select(browser.find(payments + " select[name=status]")).selectByValue("not-applicable");
            browser.find(payments + " [data-action=record-adoption]").click();
            // not applicable needs a note: the decider's refusal names the field
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "note"));
            assertThat(browser.log())
                    .as("the browser's errors: the refused adoption's 400 only")
                    .allMatch(line -> !line.contains("SEVERE") || line.contains("400"));
            browser.find(payments + " input[name=note]").sendKeys("payments keeps no connection pools");
            browser.find(payments + " [data-action=record-adoption]").click();
            browser.find(payments + "[data-answer=not-applicable]");
            assertThat(browser.find(card).getText()).contains("not applicable", "shared by shop");
            check(browser, "adoption", "section[aria-labelledby=adoption-title][data-loaded] " + card);
        }
        asViewer()
                .get(board)
                .then()
                .body(
                        "actions.find { it.actionItemId == '" + prevention + "' }.answers.payments",
                        equalTo("not-applicable"));
    }

    /** A file the browser downloaded, once it is whole (Chromium writes it under another name until then). */
    private static String downloaded(Browser browser, String name) {
        Path file = browser.downloads().resolve(name);
        await().atMost(PATIENCE).until(() -> Files.isRegularFile(file) && Files.size(file) > 0);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many test e-mails the SMTP server holds for an address, each linking to the console's on-call page. */
    private static long testMailsTo(String address) {
        return stack.mail().messages().stream()
                .filter(mail -> mail.get("to").toString().contains(address)
                        && mail.get("subject").toString().contains("Test from Kizuki")
                        && mail.get("text").toString().contains("/#/oncall"))
                .count();
    }

    /** Who notify-service says is on call in shop-primary at an instant. */
    private static String onCallAt(String at) {
        return asViewer()
                .queryParam("at", at)
                .get(stack.notifyUrl() + "/api/v1/oncall")
                .then()
                .statusCode(200)
                .extract()
                .path("schedules.find { it.schedule == 'shop-primary' }.person");
    }

    @Test
    void responderSilencesAMaintenanceWindowAMatchingAlertIsMarkedWithItAndTheWindowEndsEarly() {
        String mark = UUID.randomUUID().toString();
        try (Browser browser = Browser.open("silence")) {
            browser.get(stack.reportUrl() + "/#/silences");
            browser.signIn("responder", "responder");
            check(browser, "silences", "form[data-form=silence]");
            WebElement product = browser.find("form[data-form=silence] input[name=product]");
            product.clear();
            product.sendKeys("shop");
            browser.find("form[data-form=silence] textarea[name=labels]").sendKeys("maintenance=" + mark);
            browser.find("form[data-form=silence] input[name=reason]").sendKeys("database upgrade");
            browser.find("[data-action=silence]").click();
            WebElement listed = await().atMost(PATIENCE)
                    .ignoreException(StaleElementReferenceException.class)
                    .until(
                            () -> browser.all("ul.silences li[data-state=active]").stream()
                                    .filter(item -> item.getText().contains(mark))
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
            String silence = listed.getAttribute("data-silence-id");
            check(browser, "silence-made", "ul.silences li[data-silence-id='" + silence + "']");

            String payload = SilenceIT.labelled(StackClient.newAlertPayload("console-silence"), mark);
            String dedupKey;
            try (var topics = new TopicReader(stack.kafkaBootstrapServers())) {
                var before = topics.signalEndOffsets();
                dedupKey = StackClient.postAlertmanager(payload)
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("dedupKey");
                String key = dedupKey;
                assertThat(topics.recordsSince(before, Topics.SIGNALS))
                        .filteredOn(record -> record.key().equals(key))
                        .singleElement()
                        .extracting(SilenceIT::silencedBy)
                        .isEqualTo(silence);
            }
            String item = "ul.silences li[data-silence-id='" + silence + "']";
            String suppressing = item + " details.suppressed li[data-dedup-key='" + dedupKey + "']";
            await().atMost(PATIENCE).until(() -> {
                browser.get(stack.reportUrl() + "/#/incidents");
                browser.get(stack.reportUrl() + "/#/silences");
                browser.find("section[aria-labelledby=silences-title][aria-busy=false]");
                return !browser.all(suppressing).isEmpty();
            });
            assertThat(browser.find(item + " details.suppressed summary").getText())
                    .as("what the silence suppresses now")
                    .contains("Suppressing 1 firing alert now");
            check(browser, "silence-suppressing", suppressing);

            browser.find(item + " [data-action=end-silence]").click();
            browser.find(item + "[data-state=ended] details.suppressed[data-suppressed='1']");
            browser.screenshot("silence-ended");
        }
    }

    @Test
    void viewerSeesTheIncidentAndItsTimelineButNoActions() {
        String id = StackClient.openIncident("console-viewer");
        try (Browser browser = Browser.open("viewer")) {
            browser.get(stack.reportUrl() + "/#/incidents/" + id);
            browser.signIn("viewer", "viewer");
            browser.find("#incident-status[data-status=TRIGGERED]");
            browser.find(".timeline li[data-kind=opened]");
            assertThat(browser.find("#user").getText()).contains("viewer");
            assertThat(browser.all("[data-action]")).isEmpty();
            assertThat(browser.all(".actions button, .actions form")).isEmpty();
            browser.screenshot("incident-without-actions");

            browser.find("nav a[data-section=incidents]").click();
            browser.find("form.filters input[name=q]").sendKeys(id);
            browser.find("form.filters button[type=submit]").click();
            browser.waitFor(driver -> browser.all("li.incident").size() == 1
                    && id.equals(browser.all("li.incident").get(0).getAttribute("data-incident-id")));
            assertThat(browser.driver().getCurrentUrl()).endsWith("#/incidents?q=" + id);
            browser.screenshot("searched");
            new Select(browser.find("form.filters select[name=severity]")).selectByValue("SEV4");
            browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("p.count"), "No incidents match."));
            browser.screenshot("filtered-out");
        }
    }

    @Test
    void secondWindowActingOnWhatItSawIsToldSomeoneElseChangedTheIncidentFirst() {
        String id = StackClient.openIncident("console-race");
        String page = stack.reportUrl() + "/#/incidents/" + id;
        String severity = severity(id);
        String other = severity.equals("SEV4") ? "SEV3" : "SEV4";
        try (Browser browser = Browser.open("two-windows")) {
            browser.get(page);
            browser.signIn("responder", "responder");
            browser.find("#incident-status[data-status=TRIGGERED]");
            String first = browser.driver().getWindowHandle();
            browser.driver().switchTo().newWindow(WindowType.WINDOW);
            String second = browser.driver().getWindowHandle();
            browser.get(page);
            browser.find("#incident-status[data-status=TRIGGERED]");
            browser.find("details.form:has(form[data-form=severity]) > summary").click();
            new Select(browser.find("form[data-form=severity] select[name=severity]")).selectByValue(other);
            browser.find("form[data-form=severity] input[name=reason]").sendKeys("Every checkout fails");

            browser.driver().switchTo().window(first);
            browser.find("[data-action=acknowledge]").click();
            browser.find("#incident-status[data-status=ACKNOWLEDGED]");
            browser.screenshot("first-window-acknowledged");

            browser.driver().switchTo().window(second);
            browser.find("[data-action=severity]").click();
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#notice[data-kind=error]"), "Someone else changed this incident first"));
            browser.find("#incident-status[data-status=ACKNOWLEDGED]");
            browser.screenshot("second-window-told");
        }
        assertThat(severity(id)).isEqualTo(severity);
    }

    private static String severity(String incidentId) {
        return asViewer()
                .get(stack.reportUrl() + "/api/v1/incidents/" + incidentId)
                .then()
                .statusCode(200)
                .extract()
                .path("severity");
    }

    @Test
    void everyPageFitsAPhoneScreenAndLabelsEveryControl() {
        // one left open for the incidents page (which lists the open ones), whatever ran before
        StackClient.openIncident("console-phone-open");
        String id = StackClient.openIncident("console-phone");
        String incident = stack.incidentUrl() + "/api/v1/incidents/" + id;
        asResponder().post(incident + "/resolve").then().statusCode(200);
        LearningLoopIT.writeAndPublishPostmortem(incident);
        await().atMost(PATIENCE).until(() -> asViewer()
                .get(stack.reportUrl() + "/api/v1/knowledge/feed.json")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .contains(id));
        try (Browser phone = Browser.phone("phone")) {
            phone.get(stack.reportUrl() + "/#/incidents");
            phone.signIn("responder", "responder");
            check(phone, "incidents", "ul.incidents");
            phone.get(stack.reportUrl() + "/#/incidents/" + id);
            check(phone, "incident", ".timeline li[data-kind=opened]");
            phone.find("details.form:has(form[data-form=roles]) > summary").click();
            check(phone, "incident-form", "form[data-form=roles] input[name=assignee]");
            phone.get(stack.reportUrl() + "/#/incidents/" + id + "/postmortem");
            phone.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("page-title"), "Postmortem: "));
            check(phone, "postmortem", "dl.facts");
            assertThat(phone.find("main").getText())
                    .contains("published", "Size pools from load tests.", "the pool was sized for last year's traffic");
            phone.get(stack.reportUrl() + "/#/oncall");
            check(phone, "oncall", "section[aria-labelledby=policies-title][data-loaded]");
            phone.find("table.oncall tr[data-schedule=shop-primary]");
            phone.find("table.calendar.week tr[data-row=paged]");
            // the local realm's responder is alice's user (user: responder): her shifts in the primary rotation
            assertThat(phone.find("section[aria-labelledby=mine-title]").getText())
                    .contains("Your next shifts", "Shop, primary");
            phone.get(stack.reportUrl() + "/#/metrics");
            check(phone, "metrics", "#chart-burden");
            phone.waitFor(driver -> Boolean.TRUE.equals(phone.script("return !!(window.Chart "
                    + "&& Chart.getChart('chart-mtta-mttr') && Chart.getChart('chart-incidents') "
                    + "&& Chart.getChart('chart-burden'))")));
            phone.get(stack.reportUrl() + "/#/silences");
            check(phone, "silences", "form[data-form=silence]");
            phone.get(stack.reportUrl() + "/#/declare");
            check(phone, "declare", "form[data-form=declare]");
            phone.get(stack.reportUrl() + "/#/knowledge");
            check(phone, "knowledge", "ul.feed a[href='#/incidents/" + id + "/postmortem']");
            // the check can fail: an image without a text alternative is named
            phone.script("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')");
            assertThat(Axe.violations(phone)).anyMatch(violation -> violation.startsWith("image-alt"));
        }
    }

    @Test
    void atNightOnAPhoneSetToDarkThePagesAreDarkAndStillFitAndLabelEveryControl() {
        String id = StackClient.openIncident("console-dark");
        try (Browser phone = Browser.phone("dark").dark()) {
            phone.get(stack.reportUrl() + "/#/incidents/" + id);
            phone.signIn("responder", "responder");
            check(phone, "dark-incident", ".timeline li[data-kind=opened]");
            assertThat(phone.script("return getComputedStyle(document.documentElement).backgroundColor"))
                    .isEqualTo("rgb(13, 17, 23)");
            assertThat(phone.script("return getComputedStyle(document.querySelector('h1')).color"))
                    .isEqualTo("rgb(230, 237, 243)");
            // acknowledge within one tap of the page link
            phone.find("[data-action=acknowledge]").click();
            phone.find("#incident-status[data-status=ACKNOWLEDGED]");
            phone.screenshot("dark-acknowledged");
            phone.get(stack.reportUrl() + "/#/incidents");
            check(phone, "dark-incidents", "ul.incidents");
            phone.get(stack.reportUrl() + "/#/metrics");
            check(phone, "dark-metrics", "#chart-burden");
        }
    }

    @Test
    void inJapaneseAtNightOnAPhoneEveryPageIsTranslatedFitsAndLabelsEveryControlAndTheSwitchGoesBackToEnglish() {
        String id = StackClient.openIncident("console-japanese");
        try (Browser phone = Browser.phone("japanese", "ja").dark()) {
            phone.get(stack.reportUrl() + "/#/incidents");
            phone.signIn("responder", "responder");
            check(phone, "ja-incidents", "ul.incidents");
            assertThat(phone.script("return document.documentElement.lang")).isEqualTo("ja");
            assertThat(phone.find("#page-title").getText()).isEqualTo("インシデント");
            assertThat(phone.find("nav a[data-section=oncall]").getText()).isEqualTo("オンコール");
            assertThat(phone.find("ul.incidents li[data-incident-id='" + id + "']")
                            .getText())
                    .contains("発生", "アラート");
            phone.get(stack.reportUrl() + "/#/incidents/" + id);
            check(phone, "ja-incident", ".timeline li[data-kind=opened]");
            assertThat(phone.find("main").getText()).contains("タイムライン", "重大度");
            assertThat(phone.find("[data-action=acknowledge]").getText()).isEqualTo("確認");
            phone.find("details.form:has(form[data-form=severity]) > summary").click();
            check(phone, "ja-incident-form", "form[data-form=severity] input[name=reason]");
            phone.get(stack.reportUrl() + "/#/oncall");
            check(phone, "ja-oncall", "section[aria-labelledby=policies-title][data-loaded]");
            assertThat(phone.find("section[aria-labelledby=mine-title]").getText())
                    .contains("あなたの次のシフト");
            assertThat(phone.find("main").getText()).contains("スケジュール表", "呼び出し先", "シフト交代", "エスカレーションポリシー", "のオンコール担当者");
            phone.get(stack.reportUrl() + "/#/metrics");
            check(phone, "ja-metrics", "#chart-burden");
            phone.get(stack.reportUrl() + "/#/knowledge");
            check(phone, "ja-knowledge", "section[aria-labelledby=adoption-title][data-loaded]");
            assertThat(phone.find("main").getText()).contains("横展開の状況");
            phone.get(stack.reportUrl() + "/#/silences");
            check(phone, "ja-silences", "form[data-form=silence]");
            assertThat(phone.find("#page-title").getText()).isEqualTo("サイレンス");
            phone.get(stack.reportUrl() + "/#/declare");
            check(phone, "ja-declare", "form[data-form=declare]");
            phone.get(stack.reportUrl() + "/#/incidents/" + UUID.randomUUID());
            assertThat(phone.find("section.incident-header p").getText())
                    .as("a problem's title in Japanese, the server's detail after it")
                    .startsWith("見つかりません: ");
            phone.log();
            phone.get(stack.reportUrl() + "/#/knowledge");
            phone.find("ul.feed");

            new Select(phone.find("#language")).selectByValue("en");
            phone.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("page-title"), "Knowledge"));
            assertThat(phone.script("return document.documentElement.lang")).isEqualTo("en");
            check(phone, "en-again", "ul.feed");
        }
    }

    @Test
    void inJapaneseAtNightOnAPhoneAnAdminReadsAPostmortemRunsAReplayAndASimulationEveryPageTranslated() {
        String id = StackClient.openIncident("console-japanese-admin");
        try (Browser phone = Browser.phone("japanese-admin", "ja").dark()) {
            phone.get(stack.reportUrl() + "/#/incidents/" + id + "/postmortem");
            phone.signIn("admin", "admin");
            check(phone, "ja-postmortem", "dl.facts");
            assertThat(phone.find("#page-title").getText()).startsWith("ポストモーテム: ");

            phone.get(stack.reportUrl() + "/#/replays");
            check(phone, "ja-replays", "form[data-form=replay]");
            assertThat(phone.find("#page-title").getText()).isEqualTo("リプレイ");
            replayADayOfShop(phone, "{}");
            phone.waitFor(ExpectedConditions.urlMatches("#/replays/[^/]+$"));
            await().atMost(PATIENCE)
                    .ignoreException(StaleElementReferenceException.class)
                    .until(() -> phone.find("[data-status]").getAttribute("data-status"), status -> !"running"
                            .equals(status));
            check(phone, "ja-replay-result", "[data-status=done] table.fates");
            assertThat(phone.find("main").getText()).contains("リプレイしたシグナル");

            phone.get(stack.reportUrl() + "/#/simulations");
            check(phone, "ja-simulations", "form[data-form=simulation]");
            assertThat(phone.find("#page-title").getText()).isEqualTo("シミュレーション");
            WebElement simulated = phone.find("form[data-form=simulation] input[name=days]");
            simulated.clear();
            simulated.sendKeys("1");
            phone.find("[data-action=simulate]").click();
            check(phone, "ja-simulation-result", ".simulation-result table.totals");
        }
    }

    @Test
    void adminRunsAReplayOnAPhoneSeesAWrongRuleNamedThenReadsTheResult() {
        StackClient.openIncident("console-replay");
        try (Browser phone = Browser.phone("replay")) {
            phone.get(stack.reportUrl() + "/#/incidents");
            phone.signIn("admin", "admin");
            phone.find("nav a[href='#/replays']").click();
            check(phone, "replays", "form[data-form=replay]");
            WebElement rules = replayADayOfShop(phone, "{\"classification\": {\"latency\": \"(\"}}");
            phone.waitFor(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("notice"), "rules.classification.latency"));
            phone.screenshot("replay-wrong-rule");
            assertThat(phone.log())
                    .as("the browser's errors: the refused replay's 400 only")
                    .allMatch(line -> !line.contains("SEVERE") || line.contains("400"));

            rules.clear();
            rules.sendKeys("{}");
            phone.find("[data-action=replay]").click();
            phone.waitFor(ExpectedConditions.urlMatches("#/replays/[^/]+$"));
            phone.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-status]")));
            phone.screenshot("replay-running");
            await().atMost(PATIENCE)
                    .ignoreException(StaleElementReferenceException.class)
                    .until(() -> phone.find("[data-status]").getAttribute("data-status"), status -> !"running"
                            .equals(status));
            check(phone, "replay-result", "[data-status=done] table.fates");
            // today's rules over the day's signals: every real incident, this alert's among them, kept as it was
            assertThat(Integer.parseInt(phone.find("tr[data-fate=kept] td").getText()))
                    .isPositive();
            assertThat(phone.find("tr[data-fate=merged] td").getText()).isEqualTo("0");
            assertThat(phone.find("main").getText()).contains("Signals replayed", "None: every real incident is kept.");

            phone.find("main a[href='#/replays']").click();
            check(phone, "replays-listed", "ul.replays li[data-replay-id]");
        }
    }

    @Test
    void adminSimulatesTheOnCallConfigurationOnAPhoneSeesADraftsProblemNamedThenTheComparison() {
        StackClient.openIncident("console-simulation");
        try (Browser phone = Browser.phone("simulation")) {
            phone.get(stack.reportUrl() + "/#/incidents");
            phone.signIn("admin", "admin");
            phone.find("nav a[href='#/simulations']").click();
            check(phone, "simulations", "form[data-form=simulation]");
            WebElement days = phone.find("form[data-form=simulation] input[name=days]");
            days.clear();
            days.sendKeys("1");
            WebElement yaml = phone.find("form[data-form=simulation] textarea[name=yaml]");
            yaml.sendKeys("people:\n  nora: {timeZone: Mars/Olympus}\n");
            phone.find("[data-action=simulate]").click();
            phone.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "timeZone"));
            phone.screenshot("simulation-wrong-draft");
            assertThat(phone.log())
                    .as("the browser's errors: the refused draft's 400 only")
                    .allMatch(line -> !line.contains("SEVERE") || line.contains("400"));

            // no draft: the configuration in force, on the day's incidents
            yaml.clear();
            phone.find("[data-action=simulate]").click();
            WebElement result = phone.find(".simulation-result");
            assertThat(Integer.parseInt(result.getAttribute("data-incidents"))).isPositive();
            assertThat(phone.all("table.totals tr[data-total]")).hasSize(5);
            check(phone, "simulation-result", "table.totals");
        }
    }

    @Test
    void consoleReachedThrough127001SignsInAndOneAtAnUnregisteredAddressSaysWhereToOpenIt() {
        int port = stack.ports().reportService();
        try (Browser browser = Browser.open("loopback")) {
            browser.get("http://127.0.0.1:" + port + "/#/incidents");
            browser.signIn("viewer", "viewer");
            browser.find("#live[data-state=live]");
            browser.find("ul.incidents");
            browser.screenshot("signed-in-through-127.0.0.1");

            // another name of this machine, which Keycloak does not know for the console
            browser.get("http://127.0.0.2:" + port + "/#/oncall");
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("page-title"), "Open the console at its address"));
            assertThat(browser.all("ul.origins a").stream()
                            .map(link -> link.getAttribute("href"))
                            .toList())
                    .containsExactly(stack.reportUrl() + "/#/oncall", "http://127.0.0.1:" + port + "/#/oncall");
            assertThat(browser.script("return location.host")).isEqualTo("127.0.0.2:" + port);
            browser.screenshot("unregistered-address");
        }
    }

    @Test
    void liveStreamNamesTheIncidentsOfTheCallersProductsOnly() throws Exception {
        List<String> shop = new CopyOnWriteArrayList<>();
        List<String> payments = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<?> shopStream = listen(client, Keycloak.user("viewer", "viewer"), shop);
        CompletableFuture<?> paymentsStream =
                listen(client, Keycloak.userOfProduct("payments-viewer", "viewer", "payments"), payments);
        try {
            await().atMost(PATIENCE)
                    .until(() -> shop.stream().anyMatch(ConsoleIT::opening)
                            && payments.stream().anyMatch(ConsoleIT::opening));
            String id = StackClient.openIncident("console-stream");
            await().atMost(PATIENCE).until(() -> shop.stream().anyMatch(event -> event.contains("\"" + id + "\"")));
            assertThat(payments).noneMatch(event -> event.contains(id)).allMatch(ConsoleIT::opening);
        } finally {
            shopStream.cancel(true);
            paymentsStream.cancel(true);
            client.shutdownNow();
        }
    }

    /** The event that opens a stream (and keeps it open) names no incident. */
    private static boolean opening(String event) {
        return event.startsWith("{\"id\":null");
    }

    /** Reads report-service's live stream in the background, collecting each event's data. */
    private static CompletableFuture<?> listen(HttpClient client, String token, List<String> events) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.reportUrl() + "/api/v1/incidents/live"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            response.body()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> line.substring(5).strip())
                    .forEach(events::add);
        });
    }

    /** The page shows what it should, nothing wider than the screen, and every control has a label. */
    /** Asks for a replay of the last day of product shop's signals through these draft rules; gives their field. */
    private static WebElement replayADayOfShop(Browser phone, String draft) {
        phone.find("form[data-form=replay] input[name=product]").sendKeys("shop");
        WebElement days = phone.find("form[data-form=replay] input[name=days]");
        days.clear();
        days.sendKeys("1");
        WebElement rules = phone.find("form[data-form=replay] textarea[name=rules]");
        rules.clear();
        rules.sendKeys(draft);
        phone.find("[data-action=replay]").click();
        return rules;
    }

    private static void check(Browser browser, String page, String css) {
        browser.find(css);
        assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("%s fits the screen", page)
                .isEqualTo(true);
        assertThat(browser.script("return Array.from(document.querySelectorAll('input, select, textarea, button'))"
                        + ".filter(e => e.offsetParent !== null && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                        + " && !(e.tagName === 'BUTTON' && e.textContent.trim())).map(e => e.outerHTML)"))
                .as("%s's unlabelled controls", page)
                .isEqualTo(List.of());
        assertThat(browser.log())
                .as("%s's errors (a script failing, a Content-Security-Policy refusal …)", page)
                .noneMatch(line -> line.contains("SEVERE"));
        assertThat(Axe.violations(browser))
                .as("%s's accessibility (axe-core, WCAG 2.1 A and AA)", page)
                .isEmpty();
        browser.screenshot(page);
    }

    private static String slackLink(String incidentId) {
        String messages = given().get("http://localhost:" + stack.ports().slack() + "/messages")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher link = Pattern.compile("http://localhost:\\d+/#/incidents/" + Pattern.quote(incidentId))
                .matcher(messages);
        return link.find() ? link.group() : null;
    }
}
