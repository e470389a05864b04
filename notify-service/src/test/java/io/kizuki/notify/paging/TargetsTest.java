package io.kizuki.notify.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallConfig.Target;

/** Who a level's target pages: whoever is on call, the next on call, every member, or a group. */
class TargetsTest {

    private static final String YAML = """
            people:
              pat: {timeZone: Europe/Berlin, email: pat@example.com}
              kim: {timeZone: Europe/Berlin, email: kim@example.com}
              lee: {timeZone: Europe/Berlin, email: lee@example.com}
              boss: {timeZone: Europe/Berlin, email: boss@example.com}
            groups:
              incident-managers: {name: Incident managers, members: [boss, lee]}
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [pat, kim, lee], length: P1D, start: "2026-11-02T09:00:00"}
            escalationPolicies:
              shop:
                levels:
                  - timeout: PT5M
                    targets: [TARGETS]
            routing:
              default: shop
            """;
    /** Sunday 11:00 in Berlin: the rotation's 21st day. */
    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

    private static OnCallConfig config(String targets) {
        return ConfigLoader.parse(YAML.replace("TARGETS", targets)).config();
    }

    @Test
    void aScheduleTargetPagesWhoeverIsOnCallTheNextOnCallOrEveryMember() {
        OnCallConfig config = config("{schedule: primary}");
        // 20 days after the start: turn 20, 20 % 3 = 2: lee; the next turn is pat's
        assertThat(PagingPlan.resolve(config, new Target("primary", null, null), AT))
                .containsExactly("lee");
        assertThat(PagingPlan.resolve(config, new Target("primary", null, null, null, Target.NEXT), AT))
                .containsExactly("pat");
        assertThat(PagingPlan.resolve(config, new Target("primary", null, null, null, Target.ALL), AT))
                .containsExactly("pat", "kim", "lee");
    }

    @Test
    void aGroupTargetPagesEveryMember() {
        OnCallConfig config = config("{group: incident-managers}");
        assertThat(PagingPlan.resolve(
                        config,
                        config.policies()
                                .get("shop")
                                .levels()
                                .getFirst()
                                .targets()
                                .getFirst(),
                        AT))
                .containsExactly("boss", "lee");
    }

    @Test
    void refusesAWhoThatIsNoneOrIsNotForASchedule() {
        assertThatThrownBy(() -> config("{schedule: primary, who: previous}"))
                .isInstanceOfSatisfying(
                        ConfigLoader.InvalidConfigException.class, refused -> assertThat(refused.problems())
                                .extracting(ConfigLoader.Problem::path)
                                .containsExactly("$.escalationPolicies.shop.levels[0].targets[0].who"));
        assertThatThrownBy(() -> config("{person: pat, who: all}"))
                .isInstanceOf(ConfigLoader.InvalidConfigException.class);
        assertThatThrownBy(() -> config("{group: sres}"))
                .isInstanceOfSatisfying(
                        ConfigLoader.InvalidConfigException.class, refused -> assertThat(refused.problems())
                                .extracting(ConfigLoader.Problem::detail)
                                .containsExactly("no group named sres"));
        assertThatThrownBy(() -> ConfigLoader.parse(YAML.replace("TARGETS", "{group: incident-managers}")
                        .replace("members: [boss, lee]", "members: [boss, mallory]")))
                .isInstanceOfSatisfying(
                        ConfigLoader.InvalidConfigException.class, refused -> assertThat(refused.problems())
                                .extracting(ConfigLoader.Problem::path)
                                .containsExactly("$.groups.incident-managers.members[1]"));
    }
}
