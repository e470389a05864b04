package io.kizuki.notify.chat;

/** Text from chat is checked for C0 control characters (but tab, line feed and carriage return) before it is used. */
final class ControlText {

    private ControlText() {}

    static boolean hasControlCharacters(String text) {
        return text != null && text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f);
    }
}
