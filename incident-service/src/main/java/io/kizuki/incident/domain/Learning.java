package io.kizuki.incident.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kizuki.ledger.event.ContributingFactor;

/**
 * What the incident decider keeps of an incident's learning loop: its postmortem as written so far, the people it
 * knows of (so that the blameless check can notice one named), what other products answered to its shared prevention
 * actions, and the recurrences flagged on it.
 *
 * @param sections    postmortem text by section (every section but contributing factors)
 * @param factors     the contributing factors
 * @param published   whether the postmortem is published (it no longer changes)
 * @param people      names of people seen on the incident: role holders, users who acted, people paged, owners
 * @param adoptions   {@code <action item id>/<product>} → the answer recorded
 * @param recurrences {@code <other incident id>/<relation>} of every recurrence flagged
 */
public record Learning(
        Map<String, String> sections,
        List<ContributingFactor> factors,
        boolean published,
        Set<String> people,
        Map<String, String> adoptions,
        Set<String> recurrences) {

    public static final Learning NONE = new Learning(null, null, false, null, null, null);

    public Learning {
        sections = sections == null ? Map.of() : Map.copyOf(sections);
        factors = factors == null ? List.of() : List.copyOf(factors);
        people = people == null ? Set.of() : Set.copyOf(people);
        adoptions = adoptions == null ? Map.of() : Map.copyOf(adoptions);
        recurrences = recurrences == null ? Set.of() : Set.copyOf(recurrences);
    }

    Learning withSection(String section, String text) {
        Map<String, String> changed = new HashMap<>(sections);
        if (text == null) {
            changed.remove(section);
        } else {
            changed.put(section, text);
        }
        return new Learning(changed, factors, published, people, adoptions, recurrences);
    }

    Learning withFactors(List<ContributingFactor> newFactors) {
        return new Learning(sections, new ArrayList<>(newFactors), published, people, adoptions, recurrences);
    }

    Learning asPublished() {
        return new Learning(sections, factors, true, people, adoptions, recurrences);
    }

    /** With a person's name, if {@code name} is one: a user actor ({@code user:alice}) or a plain name. */
    Learning withPerson(String name) {
        String person = personOf(name);
        if (person == null || people.contains(person)) {
            return this;
        }
        Set<String> changed = new HashSet<>(people);
        changed.add(person);
        return new Learning(sections, factors, published, changed, adoptions, recurrences);
    }

    Learning withAdoption(String actionItemId, String product, String answer) {
        Map<String, String> changed = new HashMap<>(adoptions);
        changed.put(actionItemId + "/" + product, answer);
        return new Learning(sections, factors, published, people, changed, recurrences);
    }

    Learning withRecurrence(String otherIncidentId, String relation) {
        Set<String> changed = new HashSet<>(recurrences);
        changed.add(otherIncidentId + "/" + relation);
        return new Learning(sections, factors, published, people, adoptions, changed);
    }

    /** The person an actor or a name stands for; {@code null} for services, clients and integrations. */
    static String personOf(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (name.startsWith("user:")) {
            return name.substring("user:".length());
        }
        return name.contains(":") ? null : name;
    }
}
