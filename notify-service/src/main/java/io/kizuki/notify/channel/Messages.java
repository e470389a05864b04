package io.kizuki.notify.channel;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.notify.chat.ActionLinks;
import io.kizuki.notify.chat.ChatActions;
import io.kizuki.notify.paging.Notification;
import io.kizuki.notify.paging.Notification.Recipient;
import io.kizuki.notify.paging.Notification.Snapshot;

/** What a notification says: a Slack Block Kit message, an e-mail, a webhook body. */
public final class Messages {

    /** Slack's limit on one text field of a section. */
    static final int SLACK_FIELD = 2000;
    /** The top-level text: Slack truncates past 40,000; notifications show far less. */
    static final int SLACK_TEXT = 3000;
    /** The {@code block_id} of a message's buttons, which an update after a click replaces. */
    public static final String ACTIONS_BLOCK = "kizuki-actions";

    private static final Pattern SLACK_USER = Pattern.compile("[A-Z0-9]{1,32}");

    private Messages() {}

    /** Where a responder opens the incident: its page in the web console. */
    public static String link(URI consoleUrl, String incidentId) {
        return consoleUrl.resolve("/#/incidents/" + incidentId).toString();
    }

    /**
     * Where a notification's link opens: its incident's page, or for a test (which has no incident) the console's
     * on-call page, where the person sees how they are reached and tests again.
     */
    static String link(URI consoleUrl, Notification notification) {
        return Notification.TEST.equals(notification.purpose())
                ? consoleUrl.resolve("/#/oncall").toString()
                : link(consoleUrl, notification.incidentId());
    }

    /** One line saying what happened, for notifications' previews, subjects and Slack's {@code text} fallback. */
    public static String headline(Notification notification) {
        Snapshot incident = notification.incident();
        String what = "[" + incident.severity() + "] " + incident.title() + " (" + incident.service() + ")";
        return switch (notification.purpose()) {
            case Notification.ACKNOWLEDGED -> "Acknowledged by " + notification.by() + ": " + what;
            case Notification.RESOLVED -> "Resolved by " + notification.by() + ": " + what;
            case Notification.TEST -> "Test from Kizuki: this is how a page reaches you";
            case Notification.HAND_OFF -> incident.title();
            default -> notification.level() > 1 ? "Escalated to level " + notification.level() + ": " + what : what;
        };
    }

    /** A Slack incoming-webhook payload: {@code text} for notifications plus Block Kit blocks for the channel. */
    public static Map<String, Object> slack(Notification notification, URI consoleUrl) {
        Snapshot incident = notification.incident();
        String link = link(consoleUrl, notification);
        String icon =
                switch (notification.purpose()) {
                    case Notification.ACKNOWLEDGED -> ":eyes:";
                    case Notification.RESOLVED -> ":white_check_mark:";
                    default -> notification.level() > 1 ? ":arrow_double_up:" : ":rotating_light:";
                };
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(Map.of(
                "type",
                "header",
                "text",
                Map.of(
                        "type",
                        "plain_text",
                        "emoji",
                        true,
                        "text",
                        truncate(icon + " " + slackText(headline(notification)), 150))));
        List<Map<String, Object>> fields = new ArrayList<>(List.of(
                field("Service", incident.service()),
                field("Severity", incident.severity()),
                field("Product", incident.product()),
                field("Status", status(notification))));
        if (Notification.PAGE.equals(notification.purpose())) {
            fields.add(markdown("*Paged*\n" + paged(notification, Messages::mention)));
            fields.add(field("Escalation", "level " + notification.level() + " of policy " + incident.policy()));
        }
        blocks.add(Map.of("type", "section", "fields", fields));
        blocks.add(Map.of(
                "type",
                "actions",
                "block_id",
                ACTIONS_BLOCK,
                "elements",
                ChatActions.buttons(incident.id(), statusOf(notification), escalateFrom(notification), link)));
        blocks.add(Map.of(
                "type",
                "context",
                "elements",
                List.of(markdown(
                        "Incident <" + link + "|" + slackText(incident.id()) + "> opened " + incident.openedAt()))));
        return Map.of("text", truncate(icon + " " + slackText(headline(notification)), SLACK_TEXT), "blocks", blocks);
    }

    /** How long a Slack channel's name may be. */
    static final int CHANNEL_NAME = 80;

    /**
     * The name of an incident's own Slack channel: its id and the words of its title, lower-case letters, digits and
     * hyphens only (what Slack takes), at most 80 characters.
     */
    public static String channelName(Snapshot incident) {
        String id = incident.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        String title = incident.title() == null
                ? ""
                : incident.title()
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "-")
                        .replaceAll("^-+|-+$", "");
        String name = (id.startsWith("inc") ? id : "inc-" + id) + (title.isEmpty() ? "" : "-" + title);
        return name.length() <= CHANNEL_NAME
                ? name
                : name.substring(0, CHANNEL_NAME).replaceAll("-+$", "");
    }

    /** Another name for a channel whose name is taken: the name, cut, and a random suffix. */
    public static String channelName(String taken) {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        String base = taken.length() <= CHANNEL_NAME - 6 ? taken : taken.substring(0, CHANNEL_NAME - 6);
        return base + "-" + suffix;
    }

    /** The pinned summary of an incident's own Slack channel: the incident's page, and what the channel is for. */
    public static Map<String, Object> incidentChannelSummary(Notification notification, URI consoleUrl) {
        Map<String, Object> message = slack(notification, consoleUrl);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> blocks = new ArrayList<>((List<Map<String, Object>>) message.get("blocks"));
        blocks.add(Map.of(
                "type",
                "context",
                "elements",
                List.of(markdown("This is the channel of incident "
                        + slackText(notification.incident().id())
                        + ": the people paged and its commander are invited, and every entry of its timeline is posted"
                        + " here. Add one with `/kizuki note "
                        + slackText(notification.incident().id())
                        + " <text>`."))));
        return Map.of("text", message.get("text"), "blocks", blocks);
    }

    /** Mattermost's limit on a post's message; longer text is cut. */
    static final int MATTERMOST_TEXT = 4000;

    /**
     * A Mattermost incoming-webhook payload (Slack-compatible {@code text} and message attachments; Mattermost renders
     * no Block Kit): the headline and who is paged, the incident's fields, and its buttons while it is open, each
     * with a signed token from {@code buttons} in its {@code context} (none without one).
     */
    public static Map<String, Object> mattermost(
            Notification notification, URI consoleUrl, URI actionsUrl, Function<String, Optional<String>> buttons) {
        Snapshot incident = notification.incident();
        String link = link(consoleUrl, notification);
        StringBuilder text = new StringBuilder("**")
                .append(markdownText(headline(notification)))
                .append("**");
        if (Notification.PAGE.equals(notification.purpose())
                && !notification.people().isEmpty()) {
            text.append("\nPaged: ")
                    .append(notification.people().stream()
                            .map(recipient -> recipient.person().mattermost() != null
                                    ? "@" + recipient.person().mattermost()
                                    : markdownText(
                                            recipient.person().name() == null
                                                    ? recipient.id()
                                                    : recipient.person().name()))
                            .collect(Collectors.joining(", ")));
        }
        List<Map<String, Object>> fields = List.of(
                mattermostField("Service", incident.service()),
                mattermostField("Severity", incident.severity()),
                mattermostField("Product", incident.product()),
                mattermostField("Status", status(notification)));
        IncidentStatus status = statusOf(notification);
        List<Map<String, Object>> actions = mattermostActions(status, escalateFrom(notification), actionsUrl, buttons);
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("fallback", truncate(headline(notification).replace("@", "@\u200B"), 300));
        attachment.put("color", status == IncidentStatus.TRIGGERED ? "#d00000" : "#2e7d32");
        attachment.put("title", "Incident " + incident.id());
        attachment.put("title_link", link);
        attachment.put("fields", fields);
        if (!actions.isEmpty()) {
            attachment.put("actions", actions);
        }
        return Map.of("text", truncate(text.toString(), MATTERMOST_TEXT), "attachments", List.of(attachment));
    }

    /**
     * A Mattermost message's buttons for an incident in a status (acknowledge while triggered, and escalate now from
     * {@code escalateFrom} when it is a level with a next one; resolve and lead while open), each posting to
     * {@code actionsUrl} with the token {@code buttons} signs for its action in its {@code context}; a button without
     * a token is left out.
     */
    public static List<Map<String, Object>> mattermostActions(
            IncidentStatus status, int escalateFrom, URI actionsUrl, Function<String, Optional<String>> buttons) {
        List<Map<String, Object>> actions = new ArrayList<>();
        if (status == IncidentStatus.TRIGGERED) {
            mattermostButton(actions, "acknowledge", "Acknowledge", ActionLinks.ACKNOWLEDGE, actionsUrl, buttons);
        }
        if (status == IncidentStatus.TRIGGERED && escalateFrom > 0) {
            mattermostButton(
                    actions, "escalate", "Escalate now", ActionLinks.ESCALATE + escalateFrom, actionsUrl, buttons);
        }
        if (status.open()) {
            mattermostButton(actions, "resolve", "Resolve", ActionLinks.RESOLVE, actionsUrl, buttons);
            mattermostButton(actions, "lead", "I'll lead", ActionLinks.LEAD, actionsUrl, buttons);
        }
        return actions;
    }

    private static void mattermostButton(
            List<Map<String, Object>> actions,
            String id,
            String name,
            String action,
            URI actionsUrl,
            Function<String, Optional<String>> buttons) {
        buttons.apply(action)
                .ifPresent(token -> actions.add(Map.of(
                        "id",
                        id,
                        "name",
                        name,
                        "integration",
                        Map.of("url", actionsUrl.toString(), "context", Map.of("token", token)))));
    }

    private static Map<String, Object> mattermostField(String title, String value) {
        return Map.of("short", true, "title", title, "value", truncate(markdownText(value), SLACK_FIELD));
    }

    /** ntfy's limit on a message's text (longer ones become attachments, which a page must not be). */
    static final int PUSH_TEXT = 3000;

    /**
     * An ntfy message (publish as JSON) to a person's topic: the headline as its title, the incident's facts, priority
     * 5 (urgent) for a SEV1/SEV2 page, 4 for another page, 2 for an announcement; a click opens the incident in the
     * console, and {@code actions} (label → the person's signed link) are buttons that POST to their link (at most
     * three: ntfy's limit). Plain text: ntfy shows it as it is.
     */
    public static Map<String, Object> push(
            Notification notification, String topic, URI consoleUrl, Map<String, URI> actions) {
        Snapshot incident = notification.incident();
        boolean page = Notification.PAGE.equals(notification.purpose());
        boolean serious = "SEV1".equals(incident.severity()) || "SEV2".equals(incident.severity());
        boolean japanese = "ja".equals(language(notification));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("topic", topic);
        message.put(
                "title",
                truncate(
                        (japanese ? headlineJa(notification) : headline(notification))
                                .replaceAll("[\\p{Cntrl}\u2028\u2029]", " "),
                        250));
        message.put(
                "message",
                truncate(
                        japanese
                                ? "サービス " + incident.service() + " · プロダクト " + incident.product() + " · "
                                        + statusJa(notification)
                                        + (page ? " · ポリシー " + incident.policy() + " のレベル" + notification.level() : "")
                                        + "\nインシデント " + incident.id() + "（開始 " + incident.openedAt() + "）"
                                : "Service " + incident.service() + " · product " + incident.product() + " · "
                                        + status(notification)
                                        + (page
                                                ? " · level " + notification.level() + " of policy " + incident.policy()
                                                : "")
                                        + "\nIncident " + incident.id() + " opened " + incident.openedAt(),
                        PUSH_TEXT));
        message.put("priority", page ? (serious ? 5 : 4) : Notification.TEST.equals(notification.purpose()) ? 4 : 2);
        message.put(
                "tags",
                List.of(
                        switch (notification.purpose()) {
                            case Notification.ACKNOWLEDGED -> "eyes";
                            case Notification.RESOLVED -> "white_check_mark";
                            case Notification.TEST -> "bell";
                            case Notification.HAND_OFF -> "calendar";
                            default -> "rotating_light";
                        },
                        String.valueOf(incident.severity()).toLowerCase(Locale.ROOT)));
        message.put("click", link(consoleUrl, notification));
        List<Map<String, Object>> buttons = new ArrayList<>();
        actions.entrySet().stream()
                .limit(3)
                .forEach(action -> buttons.add(Map.of(
                        "action",
                        "http",
                        "label",
                        japanese ? JAPANESE_LABELS.getOrDefault(action.getKey(), action.getKey()) : action.getKey(),
                        "url",
                        action.getValue().toString(),
                        "method",
                        "POST",
                        "clear",
                        true)));
        if (!buttons.isEmpty()) {
            message.put("actions", buttons);
        }
        return message;
    }

    /** The Adaptive Card schema version of Teams cards: what Teams renders on desktop, web and mobile. */
    public static final String ADAPTIVE_CARD_VERSION = "1.4";
    /** The size Teams takes for a message posted by a workflow (about 28 KB; past it the post fails). */
    public static final int TEAMS_MAX_BYTES = 28_000;
    /** One text of a card: far under {@link #TEAMS_MAX_BYTES} even with every field at its longest. */
    static final int TEAMS_TEXT = 1000;

    /**
     * A Microsoft Teams workflow-webhook payload: a message with one Adaptive Card (the headline and who is paged, the
     * incident's facts, a button to the console, and {@code actions}: a person's own signed links, label → URL, for a
     * card posted in a chat with them alone). Text from outside is escaped for the card's Markdown.
     */
    public static Map<String, Object> teams(Notification notification, URI consoleUrl, Map<String, URI> actions) {
        Snapshot incident = notification.incident();
        IncidentStatus status = statusOf(notification);
        List<Map<String, Object>> body = new ArrayList<>();
        body.add(Map.of(
                "type",
                "TextBlock",
                "text",
                truncate(markdownText(headline(notification)), TEAMS_TEXT),
                "size",
                "Medium",
                "weight",
                "Bolder",
                "wrap",
                true,
                "color",
                status == IncidentStatus.TRIGGERED ? "Attention" : "Good"));
        List<Map<String, Object>> facts = new ArrayList<>(List.of(
                fact("Service", incident.service()),
                fact("Severity", incident.severity()),
                fact("Product", incident.product()),
                fact("Status", status(notification))));
        if (Notification.PAGE.equals(notification.purpose())) {
            facts.add(fact(
                    "Paged",
                    paged(
                            notification,
                            recipient -> recipient.person().name() == null
                                    ? recipient.id()
                                    : recipient.person().name())));
            facts.add(fact("Escalation", "level " + notification.level() + " of policy " + incident.policy()));
        }
        body.add(Map.of("type", "FactSet", "facts", facts));
        body.add(Map.of(
                "type",
                "TextBlock",
                "text",
                truncate(markdownText("Incident " + incident.id() + " opened " + incident.openedAt()), TEAMS_TEXT),
                "size",
                "Small",
                "isSubtle",
                true,
                "wrap",
                true));
        List<Map<String, Object>> buttons = new ArrayList<>();
        actions.forEach((label, url) -> buttons.add(openUrl(label, url.toString())));
        buttons.add(openUrl("Open incident", link(consoleUrl, notification)));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", ADAPTIVE_CARD_VERSION);
        card.put("body", body);
        card.put("actions", buttons);
        card.put("msteams", Map.of("width", "Full"));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        return Map.of("type", "message", "attachments", List.of(attachment));
    }

    /** Who a page pages, each as {@code name} shows them, or that nobody is on call. */
    private static String paged(Notification notification, Function<Recipient, String> name) {
        return notification.people().isEmpty()
                ? "nobody on call"
                : notification.people().stream().map(name).collect(Collectors.joining(", "));
    }

    private static Map<String, Object> fact(String title, String value) {
        return Map.of("title", title, "value", truncate(markdownText(value), TEAMS_TEXT));
    }

    private static Map<String, Object> openUrl(String title, String url) {
        return Map.of("type", "Action.OpenUrl", "title", title, "url", url);
    }

    /**
     * Text from outside as Mattermost (and a Teams card) shows it and never as Markdown or a mention: Markdown's characters escaped,
     * and an {@code @} followed by a zero-width space so that {@code @channel} mentions nobody.
     */
    public static String markdownText(String text) {
        return text == null
                ? ""
                : text.replaceAll("([\\\\`*_{}\\[\\]()#+\\-.!|>~<])", "\\\\$1").replace("@", "@\u200B");
    }

    /**
     * Text from outside (titles, services, names) as Slack shows it and never as markup: {@code & < >} escaped as
     * Slack's formatting reference asks, so {@code <!channel>} or {@code <https://evil|Open>} is shown, not acted on.
     */
    public static String slackText(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** One labelled field of a section; Slack refuses a field over 2,000 characters (the whole message is lost). */
    private static Map<String, Object> field(String label, String value) {
        return markdown("*" + label + "*\n" + truncate(slackText(value), SLACK_FIELD - label.length() - 3));
    }

    /** An e-mail's subject: one line, control characters (CR, LF) replaced, so no header can be added through it. */
    public static String subject(Notification notification) {
        return truncate(("[Kizuki] " + headline(notification)).replaceAll("[\\p{Cntrl}\u2028\u2029]", " "), 250);
    }

    /** An e-mail's plain-text body. */
    public static String emailText(Notification notification, URI consoleUrl) {
        return emailText(notification, consoleUrl, Map.of(), null);
    }

    /**
     * An e-mail's plain-text body with the recipient's action links ({@code Acknowledge} → its link …), which work
     * for them alone until {@code linksExpire}.
     */
    public static String emailText(
            Notification notification, URI consoleUrl, Map<String, URI> actions, Instant linksExpire) {
        Snapshot incident = notification.incident();
        StringBuilder text = new StringBuilder();
        Recipient to = notification.people().getFirst();
        text.append("Hello ")
                .append(to.person().name() == null ? to.id() : to.person().name())
                .append(",\n\n");
        text.append(
                        switch (notification.purpose()) {
                            case Notification.ACKNOWLEDGED ->
                                "the incident you were paged for was acknowledged by " + notification.by() + ".";
                            case Notification.RESOLVED ->
                                "the incident you were paged for was resolved by " + notification.by() + ".";
                            case Notification.TEST ->
                                "this is the test you asked for: Kizuki can reach you by e-mail. There is nothing to do.";
                            case Notification.HAND_OFF -> incident.title() + ".";
                            default ->
                                "you are paged for this incident (escalation level " + notification.level()
                                        + " of policy " + incident.policy() + "). Please acknowledge it.";
                        })
                .append("\n\n");
        text.append("Incident:  ").append(incident.title()).append('\n');
        text.append("Severity:  ").append(incident.severity()).append('\n');
        text.append("Service:   ").append(incident.service()).append('\n');
        text.append("Product:   ").append(incident.product()).append('\n');
        text.append("Opened:    ").append(incident.openedAt()).append('\n');
        text.append("Open it:   ").append(link(consoleUrl, notification)).append("\n\n");
        if (!actions.isEmpty()) {
            actions.forEach(
                    (label, url) -> text.append(label).append(": ").append(url).append('\n'));
            text.append("(each link asks you to confirm, acts once, for you alone, until ")
                    .append(linksExpire)
                    .append(")\n\n");
        }
        text.append("-- Kizuki, notification ").append(notification.id()).append('\n');
        return text.toString();
    }

    /** A signed webhook's JSON body. */
    public static Map<String, Object> webhook(Notification notification, URI consoleUrl) {
        Snapshot incident = notification.incident();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "kizuki.notification." + notification.purpose() + ".v1");
        body.put("notificationId", notification.id());
        body.put("summary", headline(notification));
        body.put("person", notification.people().getFirst().id());
        body.put("level", notification.level());
        if (notification.by() != null) {
            body.put("by", notification.by());
        }
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("id", incident.id());
        about.put("title", incident.title());
        about.put("severity", incident.severity());
        about.put("service", incident.service());
        about.put("product", incident.product());
        about.put("openedAt", incident.openedAt().toString());
        about.put("url", link(consoleUrl, notification));
        body.put("incident", about);
        return body;
    }

    /** The level a page offers to escalate from: its own, when a next level exists; 0 for none. */
    private static int escalateFrom(Notification notification) {
        return Notification.PAGE.equals(notification.purpose())
                        && notification.incident().escalatesFrom(notification.level())
                ? notification.level()
                : 0;
    }

    private static IncidentStatus statusOf(Notification notification) {
        return switch (notification.purpose()) {
            case Notification.ACKNOWLEDGED -> IncidentStatus.ACKNOWLEDGED;
            case Notification.RESOLVED -> IncidentStatus.RESOLVED;
            default -> IncidentStatus.TRIGGERED;
        };
    }

    /** A person's action links' labels in Japanese. */
    private static final Map<String, String> JAPANESE_LABELS = Map.of("Acknowledge", "確認", "Resolve", "解決");

    private static String statusJa(Notification notification) {
        return switch (notification.purpose()) {
            case Notification.ACKNOWLEDGED -> notification.by() + " が確認済み";
            case Notification.RESOLVED -> notification.by() + " が解決済み";
            case Notification.TEST -> "テストです。対応は不要です";
            case Notification.HAND_OFF -> "オンコール当番";
            default -> "発生中";
        };
    }

    private static String status(Notification notification) {
        return switch (notification.purpose()) {
            case Notification.ACKNOWLEDGED -> "acknowledged by " + notification.by();
            case Notification.RESOLVED -> "resolved by " + notification.by();
            case Notification.TEST -> "a test, nothing to do";
            case Notification.HAND_OFF -> "your on-call shift";
            default -> "triggered";
        };
    }

    private static String mention(Recipient recipient) {
        if (recipient.person().slack() != null
                && SLACK_USER.matcher(recipient.person().slack()).matches()) {
            return "<@" + recipient.person().slack() + ">";
        }
        return slackText(
                recipient.person().name() == null
                        ? recipient.id()
                        : recipient.person().name());
    }

    /** The most a text message says (one or two SMS segments; Twilio takes up to 1,600 characters). */
    static final int SMS_TEXT = 320;

    /**
     * A page as a text message: what happened, where to open it, and (with {@code number}, the person's page number)
     * how to answer by reply. Control characters become spaces.
     */
    public static String sms(Notification notification, URI consoleUrl, Integer number) {
        boolean japanese = "ja".equals(language(notification));
        String text = "Kizuki: " + (japanese ? headlineJa(notification) : headline(notification)) + "\n"
                + link(consoleUrl, notification);
        if (number != null && Notification.PAGE.equals(notification.purpose())) {
            boolean escalates = notification.incident().escalatesFrom(notification.level());
            text += japanese
                    ? "\n返信: ack " + number + " で確認、res " + number + " で解決"
                            + (escalates ? "、esc " + number + " でエスカレーション" : "")
                    : "\nReply ack " + number + ", res " + number + (escalates ? ", esc " + number : "");
        }
        return truncate(text.replaceAll("[\\p{Cntrl}\u2028\u2029&&[^\n]]", " "), SMS_TEXT);
    }

    /** The language the person a notification is for chose ({@code en}, {@code ja}), or {@code null}. */
    private static String language(Notification notification) {
        return notification.people().size() == 1
                ? notification.people().getFirst().person().language()
                : null;
    }

    /** {@link #headline} in Japanese, for a person who chose it. */
    static String headlineJa(Notification notification) {
        Snapshot incident = notification.incident();
        String what = "[" + incident.severity() + "] " + incident.title() + "（" + incident.service() + "）";
        return switch (notification.purpose()) {
            case Notification.ACKNOWLEDGED -> notification.by() + " が確認しました: " + what;
            case Notification.RESOLVED -> notification.by() + " が解決しました: " + what;
            case Notification.TEST -> "Kizuki からのテストです。呼び出しはこのように届きます";
            case Notification.HAND_OFF -> incident.title();
            default -> notification.level() > 1 ? "レベル" + notification.level() + "にエスカレーション: " + what : what;
        };
    }

    /** What a call says, and in which language ({@code en-US}, or {@code ja-JP} for a page written in Japanese). */
    public record Spoken(String text, String language) {}

    /** Kana or kanji: a title written in Japanese is read out by a Japanese voice, with Japanese around it. */
    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");

    /**
     * A page as a call reads it out: what happened and, with {@code keys}, which key does what; in the person's
     * language, or without one in the language of the incident's title.
     */
    public static Spoken voice(Notification notification, boolean keys) {
        Snapshot incident = notification.incident();
        boolean page = Notification.PAGE.equals(notification.purpose());
        boolean escalates = incident.escalatesFrom(notification.level());
        String text;
        String language;
        String chosen = language(notification);
        if (chosen == null
                ? JAPANESE.matcher(incident.title() == null ? "" : incident.title())
                        .find()
                : chosen.equals("ja")) {
            language = "ja-JP";
            String severity = incident.severity() == null
                    ? ""
                    : "重大度" + incident.severity().replace("SEV", "") + "、";
            text = switch (notification.purpose()) {
                case Notification.TEST -> "Kizuki からのテスト通話です。対応は不要です。";
                case Notification.HAND_OFF -> "Kizuki からのお知らせです。" + incident.title() + "。";
                default -> "Kizuki からの呼び出しです。" + severity + incident.service() + " のインシデント、" + incident.title() + "。";
            };
            if (keys && page) {
                text += "確認は4、解決は6" + (escalates ? "、エスカレーションは5" : "") + "を押してください。";
            }
        } else {
            language = "en-US";
            String severity =
                    incident.severity() == null ? "" : incident.severity().replace("SEV", "severity ") + " ";
            text = switch (notification.purpose()) {
                case Notification.TEST ->
                    "This is a test call from Kizuki. This is how a page reaches you. Nothing to do.";
                case Notification.HAND_OFF -> "This is Kizuki. " + incident.title() + ".";
                default ->
                    "This is Kizuki. " + severity + "incident on " + incident.service() + ": " + incident.title() + ".";
            };
            if (keys && page) {
                text += " Press 4 to acknowledge, 6 to resolve" + (escalates ? ", 5 to escalate." : ".");
            }
        }
        return new Spoken(truncate(text.replaceAll("[\\p{Cntrl}\u2028\u2029]", " "), 1_000), language);
    }

    private static Map<String, Object> markdown(String text) {
        return Map.of("type", "mrkdwn", "text", text);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
