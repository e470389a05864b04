package io.kizuki.notify.rest;

import static org.assertj.core.api.Assertions.assertThat;

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
}
