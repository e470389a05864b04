package io.kizuki.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;

/** Which shift starts and ends people are told of. */
class HandOffsTest {

    static final OnCallConfig CONFIG = config("");

    /** Aki, told of their shifts (in {@code language}, if given), and Ben, who asked to be told nothing. */
    private static OnCallConfig config(String language) {
        return ConfigLoader.parse("""
                        people:
                          aki: {timeZone: Asia/Tokyo, push: aki-phone, %s rules: {handOffs: [push]}}
                          ben: {timeZone: Europe/Berlin, email: ben@example.com}
                        schedules:
                          primary:
                            name: Shop primary
                            timeZone: UTC
                            layers: [{members: [aki, ben], length: PT12H, start: "2026-11-01T00:00:00"}]
                        escalationPolicies:
                          shop: {levels: [{timeout: PT5M, targets: [{schedule: primary}]}]}
                        routing: {default: shop}
                        """.formatted(language)).config();
    }

    @Test
    void tellsOfEachStartAndEndInTheLastMinutesOnlyThoseWhoAskedToBeTold() {
        // turns of 12 h from 2026-11-01 00:00 UTC: aki's the even ones, so aki's turn ended at 2026-11-22 12:00, when
        // ben's began (ben asked to be told nothing)
        assertThat(HandOffs.due(CONFIG, Instant.parse("2026-11-22T12:05:00Z")))
                .singleElement()
                .satisfies(notice -> {
                    assertThat(notice.person()).isEqualTo("aki");
                    assertThat(notice.key())
                            .isEqualTo("primary:aki:end:"
                                    + Instant.parse("2026-11-22T12:00:00Z").getEpochSecond());
                    assertThat(notice.text()).isEqualTo("Your on-call shift in Shop primary has ended");
                });
        assertThat(HandOffs.due(CONFIG, Instant.parse("2026-11-22T12:20:00Z"))).isEmpty();
        assertThat(HandOffs.due(CONFIG, Instant.parse("2026-11-23T00:01:00Z")))
                .extracting(HandOffs.Notice::text)
                .containsExactly("Your on-call shift in Shop primary starts now, until 2026-11-23 21:00 (Asia/Tokyo)");
    }

    @Test
    void tellsAPersonWhoChoseJapaneseInJapanese() {
        OnCallConfig japanese = config("language: ja,");

        assertThat(HandOffs.due(japanese, Instant.parse("2026-11-22T12:05:00Z")))
                .extracting(HandOffs.Notice::text)
                .containsExactly("Shop primary のオンコール当番が終わりました");
        assertThat(HandOffs.due(japanese, Instant.parse("2026-11-23T00:01:00Z")))
                .extracting(HandOffs.Notice::text)
                .containsExactly("Shop primary のオンコール当番が始まりました（2026-11-23 21:00（Asia/Tokyo）まで）");
    }
}
