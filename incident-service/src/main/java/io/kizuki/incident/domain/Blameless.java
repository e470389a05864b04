package io.kizuki.incident.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The editor's blameless check: a postmortem describes what the system and the organisation allowed, not who is to
 * blame. It notices a person seen on the incident named in the text, and the words of blame; it warns, it does not
 * refuse (a name can be right, as the person who noticed the problem).
 */
final class Blameless {

    /** Words that put the cause on a person. */
    private static final List<String> BLAME = List.of(
            "human error",
            "operator error",
            "blame",
            "fault of",
            "'s fault",
            "careless",
            "negligen",
            "should have known",
            "forgot to",
            "incompeten",
            "not paying attention");

    private Blameless() {}

    static List<String> check(String text, Collection<String> people) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        for (String person : people.stream().sorted().toList()) {
            if (person.length() >= 2
                    && Pattern.compile(
                                    "(?<![\\p{L}\\p{N}_-])" + Pattern.quote(person) + "(?![\\p{L}\\p{N}_-])",
                                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                            .matcher(text)
                            .find()) {
                warnings.add("names " + person + ": say what the system and the process allowed, not who did it");
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String words : BLAME) {
            if (lower.contains(words)) {
                warnings.add("\"" + words + "\" puts the cause on a person: describe the conditions that made the "
                        + "action possible");
            }
        }
        return warnings;
    }
}
