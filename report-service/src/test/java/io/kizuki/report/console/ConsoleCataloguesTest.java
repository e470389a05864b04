package io.kizuki.report.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The console's two catalogues (English, Japanese): the same keys, no text left empty or untranslated into the other
 * language by mistake, the same placeholders in both; and every key the console's scripts name is in them.
 */
class ConsoleCataloguesTest {

    private static final String MESSAGES = "META-INF/resources/console/messages/";
    private static final Path SCRIPTS = Path.of("src/main/resources/META-INF/resources/console");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final Pattern KEY_USED = Pattern.compile("\\b(t|plural)\\('([^']+)'");
    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");

    @Test
    void bothLanguagesHoldTheSameKeysWithTheSamePlaceholders() throws IOException {
        Map<String, String> english = catalogue("en");
        Map<String, String> japanese = catalogue("ja");

        assertThat(japanese.keySet()).isEqualTo(english.keySet());
        english.forEach((key, text) -> {
            assertThat(text).as(key).isNotBlank();
            assertThat(japanese.get(key)).as(key).isNotBlank();
            assertThat(placeholders(japanese.get(key))).as(key).isEqualTo(placeholders(text));
        });
    }

    @Test
    void japaneseTextIsWrittenInJapaneseUnlessItIsANameOrACode() throws IOException {
        Map<String, String> english = catalogue("en");
        Map<String, String> japanese = catalogue("ja");

        Set<String> untranslated = new TreeSet<>();
        japanese.forEach((key, text) -> {
            String plain = PLACEHOLDER.matcher(text).replaceAll("");
            if (!JAPANESE.matcher(plain).find() && plain.chars().anyMatch(Character::isLetter)) {
                untranslated.add(key + " = " + text);
            }
        });
        // a role's name that is the same word in Japanese operations, and nothing else
        assertThat(untranslated).containsExactly("role.sre = SRE");
        assertThat(english.get("role.sre")).isEqualTo("SRE");
    }

    @Test
    void everyKeyTheScriptsNameIsInTheCatalogues() throws IOException {
        Map<String, String> english = catalogue("en");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> scripts = Files.list(SCRIPTS)) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher matcher = KEY_USED.matcher(Files.readString(script));
                while (matcher.find()) {
                    used.add(matcher.group(1).equals("plural") ? matcher.group(2) + ".other" : matcher.group(2));
                }
            }
        }
        Matcher fixed = Pattern.compile("data-i18n(?:-label)?=\"([^\"]+)\"")
                .matcher(Files.readString(SCRIPTS.resolveSibling("index.html")));
        while (fixed.find()) {
            used.add(fixed.group(1));
        }

        assertThat(used).hasSizeGreaterThan(100);
        assertThat(english.keySet()).containsAll(used);
    }

    private static Map<String, String> catalogue(String language) throws IOException {
        try (InputStream in =
                Thread.currentThread().getContextClassLoader().getResourceAsStream(MESSAGES + language + ".json")) {
            assertThat(in).as(language + ".json").isNotNull();
            return new ObjectMapper().readValue(in, new TypeReference<Map<String, String>>() {});
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
