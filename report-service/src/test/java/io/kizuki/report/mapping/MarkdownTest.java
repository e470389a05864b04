package io.kizuki.report.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void escapesMarkupHtmlAndTableBarsInALine() {
        assertThat(Markdown.inline("<img src=x onerror=alert(1)> [click](javascript:x) *bold* a|b\nnext"))
                .isEqualTo("\\<img src=x onerror=alert(1)\\> \\[click\\](javascript:x) \\*bold\\* a\\|b next");
    }

    @Test
    void keepsLinesButEscapesWhatWouldOpenAHeadingListOrQuote() {
        assertThat(Markdown.block("# not a heading\n- not a list\n> not a quote\n1. not numbered\nplain - text"))
                .isEqualTo("\\# not a heading\n\\- not a list\n\\> not a quote\n1\\. not numbered\nplain - text");
    }

    @Test
    void leavesPlainTextAsItIs() {
        assertThat(Markdown.inline("Checkout p99 above 2 s on shop-web-1"))
                .isEqualTo("Checkout p99 above 2 s on shop-web-1");
        assertThat(Markdown.inline(null)).isEmpty();
    }
}
