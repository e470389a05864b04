package io.kizuki.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name an instance is a static member of its consumer group under. */
class GroupMembersTest {

    @Test
    void namesAnInstanceByItsHostAndPortSoThatTwoOnOneHostDiffer() {
        assertThat(GroupMembers.name("kizuki-notify", "pager-1.example.com", 8082))
                .hasValue("kizuki-notify-pager-1.example.com-8082");
        assertThat(GroupMembers.name("kizuki-notify", "pager-1.example.com", 18082))
                .isNotEqualTo(GroupMembers.name("kizuki-notify", "pager-1.example.com", 8082));
    }

    @Test
    void keepsOnlyTheCharactersKafkaTakesInAName() {
        assertThat(GroupMembers.name("kizuki-notify", "ホスト:1", 8082))
                .hasValueSatisfying(name -> assertThat(name).matches("[A-Za-z0-9._-]+"));
        assertThat(GroupMembers.hostName()).matches("[A-Za-z0-9._-]+");
    }

    @Test
    void cutsALongNameToTheLengthKafkaTakesKeepingItsPort() {
        assertThat(GroupMembers.name("kizuki-notify", "h".repeat(300), 8082))
                .hasValueSatisfying(name -> assertThat(name).hasSize(249).endsWith("-8082"));
    }

    @Test
    void isNoStaticMemberOnAPortChosenAtStart() {
        assertThat(GroupMembers.name("kizuki-notify", "pager-1.example.com", 0)).isEmpty();
    }
}
