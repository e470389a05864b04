package io.kizuki.report.mapping;

import java.util.regex.Pattern;

/**
 * Text from outside (titles, notes, postmortem sections) placed in Markdown exports as text, never as markup: the
 * characters CommonMark gives a meaning (emphasis, code, links, images, raw HTML, tables, strike-through) are
 * escaped with a backslash, and a line that would open a heading, list, quote or rule starts escaped.
 */
public final class Markdown {

    private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_\\[\\]<>&|~!{}])");
    private static final Pattern BLOCK_START = Pattern.compile("^(\\s*)([#>+=-])", Pattern.MULTILINE);
    private static final Pattern NUMBERED = Pattern.compile("^(\\s*\\d+)([.)])", Pattern.MULTILINE);

    private Markdown() {}

    /** One line of text (line breaks become spaces), safe in a paragraph, a list item or a table cell. */
    public static String inline(String text) {
        return text == null ? "" : block(text.replace("\r", " ").replace("\n", " "));
    }

    /** Text of several lines, each shown as written. */
    public static String block(String text) {
        if (text == null) {
            return "";
        }
        String escaped =
                SPECIAL.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("\\\\$1");
        escaped = BLOCK_START.matcher(escaped).replaceAll("$1\\\\$2");
        return NUMBERED.matcher(escaped).replaceAll("$1\\\\$2");
    }
}
