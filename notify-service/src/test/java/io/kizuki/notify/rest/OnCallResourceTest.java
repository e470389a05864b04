package io.kizuki.notify.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kizuki.notify.oncall.OnCallConfig.Person;

class OnCallResourceTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Map<String, Person> PEOPLE = Map.of(
            "alice", new Person("Alice", BERLIN, null, "alice@example.com", null),
            "bob", new Person("Bob", BERLIN, null, "Bob@Example.com", null),
            "carol", new Person("Carol", BERLIN, null, null, null));

    @Test
    void findsTheCallerByUserNameFirst() {
        assertThat(OnCallResource.person(PEOPLE, "alice", "bob@example.com")).isEqualTo("alice");
    }

    @Test
    void findsTheCallerByEmailIgnoringCaseWhenTheUserNameIsNoPerson() {
        assertThat(OnCallResource.person(PEOPLE, "b.example", "bob@example.COM")).isEqualTo("bob");
    }

    @Test
    void findsNobodyForAUserWhoIsNotInTheConfiguration() {
        assertThat(OnCallResource.person(PEOPLE, "responder", "responder@kizuki.local")).isNull();
        assertThat(OnCallResource.person(PEOPLE, "responder", null)).isNull();
        assertThat(OnCallResource.person(PEOPLE, null, null)).isNull();
    }
}
