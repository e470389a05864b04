package io.kizuki.notify.oncall;

import java.time.ZoneId;

import io.kizuki.notify.oncall.OnCallConfig.Person;

/** People for tests: reached by Slack and e-mail, acting as a Kizuki user, speaking a language; nothing else. */
public final class People {

    private People() {}

    public static Person person(String name, ZoneId zone, String slack, String email, String user, String language) {
        return new Person(name, zone, slack, email, null, user, null, null, null, null, null, null, language);
    }

    public static Person byEmail(String name, ZoneId zone, String email) {
        return person(name, zone, null, email, null, null);
    }
}
