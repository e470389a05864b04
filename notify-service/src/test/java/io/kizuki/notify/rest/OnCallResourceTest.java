package io.kizuki.notify.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig.Person;
import io.kizuki.notify.oncall.People;
import io.kizuki.web.ProductScope;

class OnCallResourceTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Map<String, Person> PEOPLE = Map.of(
            "alice", People.byEmail("Alice", BERLIN, "alice@example.com"),
            "bob", People.byEmail("Bob", BERLIN, "Bob@Example.com"),
            "carol", People.person("Carol", BERLIN, null, null, "c.user", null));

    @Test
    void findsTheCallerByUserNameFirst() {
        assertThat(OnCallResource.person(PEOPLE, "alice", "bob@example.com")).isEqualTo("alice");
    }

    @Test
    void findsTheCallerByEmailIgnoringCaseWhenTheUserNameIsNoPerson() {
        assertThat(OnCallResource.person(PEOPLE, "b.example", "bob@example.COM"))
                .isEqualTo("bob");
    }

    @Test
    void findsTheCallerByTheUserTheyAreLinkedToBeforeTheirEmail() {
        assertThat(OnCallResource.person(PEOPLE, "c.user", "bob@example.com")).isEqualTo("carol");
    }

    @Test
    void findsNobodyForAUserWhoIsNotInTheConfiguration() {
        assertThat(OnCallResource.person(PEOPLE, "responder", "responder@kizuki.local"))
                .isNull();
        assertThat(OnCallResource.person(PEOPLE, "responder", null)).isNull();
        assertThat(OnCallResource.person(PEOPLE, null, null)).isNull();
    }

    @Test
    void showsOnlyTheSchedulesThatPageForTheCallersProducts() {
        var config = ConfigLoader.parse("""
                people:
                  alice: {timeZone: Europe/Berlin, slack: U1}
                schedules:
                  shop-primary: {timeZone: UTC, layers: [{members: [alice], length: P7D, start: 2026-11-02T09:00:00}]}
                  payments-primary: {timeZone: UTC, layers: [{members: [alice], length: P7D, start: 2026-11-02T09:00:00}]}
                  sre: {timeZone: UTC, layers: [{members: [alice], length: P7D, start: 2026-11-02T09:00:00}]}
                  everyone: {timeZone: UTC, layers: [{members: [alice], length: P7D, start: 2026-11-02T09:00:00}]}
                escalationPolicies:
                  shop: {levels: [{timeout: PT5M, targets: [{schedule: shop-primary}]}]}
                  payments: {levels: [{timeout: PT5M, targets: [{schedule: payments-primary}]}]}
                  any: {levels: [{timeout: PT5M, targets: [{schedule: everyone}]}]}
                routing:
                  default: any
                  sre: sre
                  rules:
                    - {product: [shop], policy: shop}
                    - {product: [payments], policy: payments}
                """).config();

        assertThat(OnCallResource.visible(config, new ProductScope(Set.of("shop")))
                        .keySet())
                .containsExactlyInAnyOrder("shop-primary", "sre", "everyone");
        assertThat(OnCallResource.visible(config, new ProductScope(Set.of("payments")))
                        .keySet())
                .containsExactlyInAnyOrder("payments-primary", "sre", "everyone");
        assertThat(OnCallResource.visible(config, new ProductScope(Set.of("*"))).keySet())
                .hasSize(4);
        assertThat(OnCallResource.visible(config, new ProductScope(Set.of())).keySet())
                .containsExactlyInAnyOrder("sre", "everyone");
    }

    @Test
    void aCalendarShowsWhoIsPagedEachLayerAloneAndTheOverridesThatMeetTheWindow() {
        var config = ConfigLoader.parse("""
                people:
                  alice: {name: Alice Example, timeZone: UTC, slack: U1}
                  bob: {name: Bob Example, timeZone: UTC, slack: U2}
                  carol: {timeZone: UTC, slack: U3}
                schedules:
                  shop:
                    name: Shop
                    timeZone: Asia/Tokyo
                    layers:
                      - {name: daily, members: [alice, bob], length: P1D, start: 2026-11-02T00:00:00, timeZone: UTC}
                      - {members: [carol], length: P1D, start: 2026-11-02T00:00:00, timeZone: UTC,
                         from: 2026-11-03T12:00:00Z, until: 2026-11-03T18:00:00Z}
                    overrides:
                      - {person: bob, from: 2026-11-02T06:00:00Z, until: 2026-11-02T08:00:00Z}
                      - {person: carol, from: 2026-11-10T00:00:00Z, until: 2026-11-11T00:00:00Z}
                escalationPolicies:
                  shop: {levels: [{timeout: PT5M, targets: [{schedule: shop}]}]}
                routing:
                  default: shop
                """).config();
        Instant from = Instant.parse("2026-11-02T00:00:00Z");
        Instant until = Instant.parse("2026-11-04T00:00:00Z");

        var calendar = OnCallResource.calendar("shop", config.schedules().get("shop"), config.people(), from, until);

        assertThat(calendar.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(calendar.shifts())
                .extracting(shift -> shift.person() + " " + shift.start() + " " + shift.end())
                .containsExactly(
                        "alice 2026-11-02T00:00:00Z 2026-11-02T06:00:00Z",
                        "bob 2026-11-02T06:00:00Z 2026-11-02T08:00:00Z",
                        "alice 2026-11-02T08:00:00Z 2026-11-03T00:00:00Z",
                        "bob 2026-11-03T00:00:00Z 2026-11-03T12:00:00Z",
                        "carol 2026-11-03T12:00:00Z 2026-11-03T18:00:00Z",
                        "bob 2026-11-03T18:00:00Z 2026-11-04T00:00:00Z");
        assertThat(calendar.shifts().getFirst().personName()).isEqualTo("Alice Example");
        assertThat(calendar.layers())
                .extracting(OnCallResource.LayerShifts::name)
                .containsExactly("daily", "layer 2");
        assertThat(calendar.layers().getFirst().shifts())
                .extracting(shift -> shift.person() + " " + shift.start())
                .containsExactly("alice 2026-11-02T00:00:00Z", "bob 2026-11-03T00:00:00Z");
        assertThat(calendar.layers().getLast().shifts())
                .extracting(shift -> shift.person() + " " + shift.start() + " " + shift.end())
                .containsExactly("carol 2026-11-03T12:00:00Z 2026-11-03T18:00:00Z");
        assertThat(calendar.overrides())
                .extracting(shift -> shift.person() + " " + shift.start())
                .containsExactly("bob 2026-11-02T06:00:00Z");
        assertThat(calendar.members())
                .extracting(member -> member.person() + " " + member.personName())
                .containsExactly("alice Alice Example", "bob Bob Example", "carol null");
    }
}
