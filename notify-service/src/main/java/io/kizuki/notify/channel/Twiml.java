package io.kizuki.notify.channel;

import java.net.URI;

/** The TwiML Kizuki answers and calls with: every text escaped for XML. */
public final class Twiml {

    private Twiml() {}

    /**
     * A call that reads {@code spoken} out in its language; with {@code keypad}, inside a {@code <Gather>} of one key
     * that Twilio posts there, and a goodbye when no key is pressed.
     */
    public static String page(Messages.Spoken spoken, URI keypad) {
        String say = "<Say language=\"" + escape(spoken.language()) + "\">";
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>");
        if (keypad == null) {
            xml.append(say).append(escape(spoken.text())).append("</Say>");
        } else {
            xml.append("<Gather input=\"dtmf\" numDigits=\"1\" timeout=\"10\" method=\"POST\" action=\"")
                    .append(escape(keypad.toString()))
                    .append("\">")
                    .append(say)
                    .append(escape(spoken.text()))
                    .append("</Say></Gather>")
                    .append(say)
                    .append("ja-JP".equals(spoken.language()) ? "キーが押されませんでした。失礼します。" : "No key was pressed. Goodbye.")
                    .append("</Say>");
        }
        return xml.append("</Response>").toString();
    }

    /** Says {@code text} and hangs up (the answer to a key pressed). */
    public static String say(String text) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>" + escape(text) + "</Say></Response>";
    }

    /** Nothing to say or do (the answer to a status callback). */
    public static String empty() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    }

    /** Answers a text message with {@code text}. */
    public static String message(String text) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + escape(text) + "</Message></Response>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;")
                .replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", " ");
    }
}
