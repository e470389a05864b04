package io.kizuki.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name an instance is a static member of the ledger's consumer group under. */
class LedgerFollowerMemberTest {

    @Test
    void namesAnInstanceByItsHostAndPortSoThatTwoOnOneHostDiffer() {
        assertThat(LedgerFollower.member("pager-1.example.com", 8082))
                .hasValue("kizuki-notify-pager-1.example.com-8082");
        assertThat(LedgerFollower.member("pager-1.example.com", 18082))
                .isNotEqualTo(LedgerFollower.member("pager-1.example.com", 8082));
    }

    @Test
    void keepsOnlyTheCharactersKafkaTakesInAName() {
        assertThat(LedgerFollower.member("ホスト:1", 8082))
                .hasValueSatisfying(name -> assertThat(name).matches("[A-Za-z0-9._-]+"));
    }

    @Test
    void cutsALongNameToTheLengthKafkaTakesKeepingItsPort() {
        assertThat(LedgerFollower.member("h".repeat(300), 8082))
                .hasValueSatisfying(name -> assertThat(name).hasSize(249).endsWith("-8082"));
    }

    @Test
    void isNoStaticMemberOnAPortChosenAtStart() {
        assertThat(LedgerFollower.member("pager-1.example.com", 0)).isEmpty();
    }
}
