package io.kizuki.notify.chat;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kizuki.ledger.Severity;

/**
 * Reads the text after {@code /kizuki}: {@code ack <id>}, {@code resolve <id>}, {@code lead <id>},
 * {@code note <id> <text>}, {@code declare <sev> [<product>/]<service> <title>}, {@code oncall [schedule]},
 * {@code help}.
 */
public final class SlashCommandText {

    /** What {@code /kizuki help} answers, and what a command that cannot be read is answered with. */
    public static final String USAGE = """
            `/kizuki ack <incident>` acknowledge · `/kizuki resolve <incident>` resolve · \
            `/kizuki lead <incident>` take the commander role · `/kizuki note <incident> <text>` add a note · \
            `/kizuki declare <sev1-4> [<product>/]<service> <title>` declare an incident · \
            `/kizuki oncall [<schedule>]` who is on call now · `/kizuki help`""";

    /** Longest note or title taken from chat (the API's limits). */
    static final int MAX_NOTE = 4000;

    static final int MAX_TITLE = 300;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SERVICE = Pattern.compile("(?:([A-Za-z0-9._-]{1,64})/)?([A-Za-z0-9._-]{1,128})");

    private SlashCommandText() {}

    /** What the text asks. */
    public sealed interface Parsed {}

    public record Understood(ChatRequest request) implements Parsed {}

    /** Text that asks nothing Kizuki knows: why, for the person. */
    public record NotUnderstood(String why) implements Parsed {}

    public static Parsed parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (ControlText.hasControlCharacters(trimmed)) {
            return new NotUnderstood("the command holds control characters");
        }
        String[] words = trimmed.split("\\s+", 2);
        String verb = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        return switch (verb) {
            case "", "help" -> new Understood(new ChatRequest.Help());
            case "ack", "acknowledge" -> incident(rest, ChatRequest.Acknowledge::new, verb);
            case "resolve", "res" -> incident(rest, ChatRequest.Resolve::new, verb);
            case "lead" -> incident(rest, ChatRequest.Lead::new, verb);
            case "note" -> note(rest);
            case "declare" -> declare(rest);
            case "oncall" -> oncall(rest);
            default -> new NotUnderstood("unknown command `" + cut(verb, 40) + "`");
        };
    }

    private static Parsed incident(String rest, Function<String, ChatRequest> request, String verb) {
        if (!ChatRequest.INCIDENT_ID.matcher(rest).matches()) {
            return new NotUnderstood("`" + verb + "` takes one incident id");
        }
        return new Understood(request.apply(rest));
    }

    private static Parsed note(String rest) {
        String[] words = rest.split("\\s+", 2);
        if (words.length < 2 || !ChatRequest.INCIDENT_ID.matcher(words[0]).matches()) {
            return new NotUnderstood("`note` takes an incident id and the note's text");
        }
        if (words[1].length() > MAX_NOTE) {
            return new NotUnderstood("a note is at most " + MAX_NOTE + " characters");
        }
        return new Understood(new ChatRequest.Note(words[0], words[1]));
    }

    private static Parsed declare(String rest) {
        String[] words = rest.split("\\s+", 3);
        if (words.length < 3) {
            return new NotUnderstood("`declare` takes a severity, a service and a title");
        }
        Severity severity;
        try {
            severity = Severity.valueOf(words[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new NotUnderstood("the severity is one of sev1, sev2, sev3, sev4");
        }
        Matcher service = SERVICE.matcher(words[1]);
        if (!service.matches()) {
            return new NotUnderstood("the service is a name, or <product>/<name>");
        }
        if (words[2].length() > MAX_TITLE) {
            return new NotUnderstood("a title is at most " + MAX_TITLE + " characters");
        }
        return new Understood(new ChatRequest.Declare(severity, service.group(1), service.group(2), words[2]));
    }

    private static Parsed oncall(String rest) {
        if (rest.isEmpty()) {
            return new Understood(new ChatRequest.OnCall(null));
        }
        return NAME.matcher(rest).matches()
                ? new Understood(new ChatRequest.OnCall(rest))
                : new NotUnderstood("`oncall` takes a schedule id, or nothing for every schedule");
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "…";
    }
}
