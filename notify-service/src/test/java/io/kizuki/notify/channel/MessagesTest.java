package io.kizuki.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.notify.oncall.People;
import io.kizuki.notify.paging.Notification;
import io.kizuki.notify.paging.Notification.Recipient;
import io.kizuki.notify.paging.Notification.Snapshot;
import io.kizuki.notify.paging.PagingPlan;

/** Text from alerts and people reaches Slack and e-mail as text, never as markup or as a header. */
class MessagesTest {

    private static final URI CONSOLE = URI.create("http://localhost:8083");

    private static Notification page(String title, String service, String name) {
        return page(title, service, name, null);
    }

    private static Notification page(String title, String service, String name, String language) {
        var incident = new Snapshot(
                "inc-1", title, "shop", service, "SEV1", Instant.parse("2026-11-22T03:00:00Z"), 1, "shop", 2);
        var person =
                new Recipient("mallory", People.person(name, ZoneId.of("UTC"), null, "m@example.com", null, language));
        return new Notification(
                "n-1",
                "inc-1",
                Notification.SLACK,
                "shop-incidents",
                Notification.PAGE,
                1,
                List.of(person),
                null,
                null,
                incident,
                List.of());
    }

    @Test
    void aPageCarriesTheButtonsOfItsIncidentsStatus() {
        Notification page = page("Disk full", "shop-db", "Mallory");
        Notification acknowledged = new Notification(
                "n-2",
                "inc-1",
                Notification.SLACK,
                "shop-incidents",
                Notification.ACKNOWLEDGED,
                1,
                List.of(),
                null,
                "user:alice",
                page.incident(),
                List.of());
        Notification resolved = new Notification(
                "n-3",
                "inc-1",
                Notification.SLACK,
                "shop-incidents",
                Notification.RESOLVED,
                1,
                List.of(),
                null,
                "user:alice",
                page.incident(),
                List.of());

        assertThat(buttons(page))
                .containsExactly(
                        "kizuki.acknowledge=inc-1",
                        "kizuki.escalate=inc-1@1",
                        "kizuki.resolve=inc-1",
                        "kizuki.lead=inc-1",
                        "open-incident=null");
        assertThat(buttons(acknowledged))
                .containsExactly("kizuki.resolve=inc-1", "kizuki.lead=inc-1", "open-incident=null");
        assertThat(buttons(resolved)).containsExactly("open-incident=null");
    }

    @Test
    void aMattermostPageEscapesMarkdownAndMentionsAndCarriesSignedButtonsWhileOpen() throws Exception {
        String json = new ObjectMapper()
                .writeValueAsString(Messages.mattermost(
                        page("Disk **full** @channel", "[db](https://evil.example)", "Mallory"),
                        CONSOLE,
                        URI.create("https://kizuki.example.com/api/v1/chat/mattermost/actions"),
                        action -> Optional.of("token-" + action)));

        assertThat(json).doesNotContain("@channel");
        assertThat(json.replaceAll("\"fallback\":\"[^\"]*\"", "")).doesNotContain("**full**", "[db](https://evil");
        assertThat(json).contains("\\\\*\\\\*full\\\\*\\\\*", "@\u200Bchannel");
        assertThat(json)
                .contains(
                        "\"id\":\"acknowledge\"",
                        "\"context\":{\"token\":\"token-acknowledge\"}",
                        "\"id\":\"escalate\"",
                        "\"context\":{\"token\":\"token-escalate@1\"}");
        assertThat(Messages.mattermost(page("t", "s", "p"), CONSOLE, CONSOLE, action -> Optional.empty())
                        .toString())
                .doesNotContain("actions");
    }

    @Test
    void aTeamsCardEscapesMarkdownCarriesThePersonsLinksAndStaysUnderTeamsLimitWhateverTheText() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(Messages.teams(
                page("Disk **full** [here](https://evil.example)", "db", "Mal_lory"),
                CONSOLE,
                Map.of("Acknowledge", URI.create("https://kizuki.example.com/api/v1/chat/links/abc"))));
        var card = mapper.readTree(json).path("attachments").path(0);

        assertThat(card.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.path("content").path("version").asText()).isEqualTo(Messages.ADAPTIVE_CARD_VERSION);
        assertThat(json).doesNotContain("**full**", "[here](https://evil").contains("Mal\\\\_lory");
        assertThat(card.path("content").path("actions").findValuesAsText("title"))
                .containsExactly("Acknowledge", "Open incident");
        assertThat(card.path("content").path("actions").findValuesAsText("url"))
                .containsExactly(
                        "https://kizuki.example.com/api/v1/chat/links/abc", "http://localhost:8083/#/incidents/inc-1");

        byte[] longest = mapper.writeValueAsBytes(
                Messages.teams(page("*".repeat(100_000), "_".repeat(100_000), "#".repeat(100_000)), CONSOLE, Map.of()));
        assertThat(longest.length).isLessThan(Messages.TEAMS_MAX_BYTES);
    }

    @Test
    void aPushIsUrgentForASev1PageCarriesThePersonsButtonsAndKeepsItsTitleOnOneLine() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, URI> actions = new LinkedHashMap<>();
        for (String label : List.of("Acknowledge", "Resolve", "Escalate", "Fourth")) {
            actions.put(label, URI.create("https://kizuki.example.com/api/v1/chat/links/" + label));
        }
        var push = mapper.readTree(mapper.writeValueAsString(
                Messages.push(page("Disk full\r\nforged: header", "db", "Mallory"), "pat-phone", CONSOLE, actions)));

        assertThat(push.path("topic").asText()).isEqualTo("pat-phone");
        assertThat(push.path("priority").asInt()).isEqualTo(5);
        assertThat(push.path("title").asText()).doesNotContain("\r", "\n").contains("Disk full");
        assertThat(push.path("click").asText()).isEqualTo("http://localhost:8083/#/incidents/inc-1");
        assertThat(push.path("actions").findValuesAsText("label"))
                .containsExactly("Acknowledge", "Resolve", "Escalate");
        assertThat(push.path("actions").findValuesAsText("method")).containsOnly("POST");
        assertThat(push.path("tags").toString()).contains("rotating_light", "sev1");
    }

    @SuppressWarnings("unchecked")
    private static List<String> buttons(Notification notification) {
        var blocks = (List<Map<String, Object>>)
                Messages.slack(notification, CONSOLE).get("blocks");
        return blocks.stream()
                .filter(block -> Messages.ACTIONS_BLOCK.equals(block.get("block_id")))
                .flatMap(block -> ((List<Map<String, Object>>) block.get("elements")).stream())
                .map(button -> button.get("action_id") + "=" + button.get("value"))
                .toList();
    }

    @Test
    void escapesSlackMarkupInEveryTextFromOutside() throws Exception {
        Map<String, Object> message = Messages.slack(
                page("Disk <!here> & more", "<!channel> <https://evil.example|Open incident>", "<@U0BOSS> Mallory"),
                CONSOLE);
        String json = new ObjectMapper().writeValueAsString(message);

        assertThat(json).doesNotContain("<!channel>", "<!here>", "<https://evil", "<@U0BOSS>");
        assertThat(json)
                .contains(
                        "&lt;!channel&gt; &lt;https://evil.example|Open incident&gt;",
                        "Disk &lt;!here&gt; &amp; more",
                        "&lt;@U0BOSS&gt; Mallory");
    }

    @Test
    void keepsEveryFieldWithinSlacksLimits() throws Exception {
        Map<String, Object> message = Messages.slack(page("t".repeat(10_000), "s".repeat(10_000), "p"), CONSOLE);

        @SuppressWarnings("unchecked")
        var blocks = (List<Map<String, Object>>) message.get("blocks");
        @SuppressWarnings("unchecked")
        var fields = (List<Map<String, Object>>) blocks.get(1).get("fields");
        assertThat(fields)
                .allSatisfy(field -> assertThat((String) field.get("text")).hasSizeLessThanOrEqualTo(2000));
        assertThat((String) message.get("text")).hasSizeLessThanOrEqualTo(Messages.SLACK_TEXT);
    }

    @Test
    void anEmailSubjectIsOneLineWhateverTheTitleHolds() {
        String subject = Messages.subject(page("Disk full\r\nBcc: everyone@example.com\u0000", "db", "m"));

        assertThat(subject).doesNotContain("\r", "\n", "\u0000").startsWith("[Kizuki] [SEV1] Disk full  Bcc:");
    }

    @Test
    void aPersonWhoChoseJapaneseIsTextedPushedAndCalledInJapaneseWhateverTheTitle() throws Exception {
        Notification page = page("Disk full", "shop-db", "Aki", "ja");

        assertThat(Messages.sms(page, CONSOLE, 12))
                .isEqualTo("Kizuki: [SEV1] Disk full（shop-db）\nhttp://localhost:8083/#/incidents/inc-1\n"
                        + "返信: ack 12 で確認、res 12 で解決、esc 12 でエスカレーション");
        assertThat(Messages.voice(page, true).language()).isEqualTo("ja-JP");
        assertThat(Messages.voice(page, true).text()).startsWith("Kizuki からの呼び出しです。重大度1、shop-db のインシデント、Disk full。");
        Map<String, Object> push = Messages.push(
                page,
                "aki-phone",
                CONSOLE,
                Map.of("Acknowledge", URI.create("https://kizuki.example/api/v1/chat/links/t")));
        assertThat(push.get("title")).isEqualTo("[SEV1] Disk full（shop-db）");
        assertThat((String) push.get("message")).startsWith("サービス shop-db · プロダクト shop · 発生中 · ポリシー shop のレベル1");
        assertThat(push.get("actions").toString()).contains("label=確認");
        // who chose English hears English, even for a title written in Japanese
        assertThat(Messages.voice(page("決済が失敗しています", "checkout", "Bo", "en"), false)
                        .language())
                .isEqualTo("en-US");
        assertThat(Messages.sms(page("Disk full", "shop-db", "Bo", "en"), CONSOLE, 3))
                .endsWith("Reply ack 3, res 3, esc 3");
    }

    @Test
    void aCallReadsAJapanesePageInJapaneseAndAnEnglishOneInEnglish() {
        assertThat(Messages.voice(page("決済が失敗しています", "checkout", "Aki"), true))
                .isEqualTo(new Messages.Spoken(
                        "Kizuki からの呼び出しです。重大度1、checkout のインシデント、決済が失敗しています。確認は4、解決は6、エスカレーションは5を押してください。", "ja-JP"));
        assertThat(Messages.voice(page("Disk full\u0007", "shop-db", "Mallory"), false))
                .isEqualTo(new Messages.Spoken("This is Kizuki. severity 1 incident on shop-db: Disk full .", "en-US"));
    }

    @Test
    void aTestNotificationLinksToTheOnCallPageNotToAnIncident() {
        var person = People.person("Aki", ZoneId.of("Asia/Tokyo"), null, "aki@example.com", null, null);
        List<Notification> tests = PagingPlan.test("aki", person, "test-1", Instant.parse("2026-12-06T03:00:00Z"));

        Notification email = tests.stream()
                .filter(test -> Notification.EMAIL.equals(test.channel()))
                .findFirst()
                .orElseThrow();
        assertThat(Messages.emailText(email, CONSOLE))
                .contains("http://localhost:8083/#/oncall")
                .doesNotContain("#/incidents/");
        assertThat(((Map<?, ?>) Messages.webhook(email, CONSOLE).get("incident")).get("url"))
                .isEqualTo("http://localhost:8083/#/oncall");
        assertThat(Messages.emailText(page("Checkout down", "shop-checkout", "Mallory"), CONSOLE))
                .contains("http://localhost:8083/#/incidents/inc-1");
    }
}
