package io.kizuki.notify.paging;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.kizuki.ledger.OnCallHours;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.notify.oncall.OnCallConfig;

/**
 * Pure: the pages an on-call configuration would have sent for an incident of the past, from what the ledger says
 * of it. The incident is folded as notify-service folds it ({@link Tracked}) and planned as notify-service plans it
 * ({@link PagingPlan}, {@link Notification#paged}): each level's pages when it began, and the next level when its
 * timeout passes while nobody has acknowledged. What people did is kept as it happened (acknowledged, resolved,
 * reopened, escalated by hand, severity changed, at the times the ledger gives), so the configuration decides who
 * was paged and when, not how the response went.
 */
public final class PagingSimulation {

    /** The actor of an escalation the simulation makes. */
    static final String ACTOR = "kizuki:simulation";

    private PagingSimulation() {}

    /** One page: a person paged for an incident on a channel, at an escalation level, when. */
    public record Page(String incidentId, String person, String timeZone, String channel, int level, Instant at) {}

    /** An event of an incident at the time the ledger recorded it. */
    public record Timed(Instant at, IncidentEvent event) {}

    /**
     * What the ledger says of one incident: its opening and, in order, what people did that changes paging
     * (acknowledged, status, resolved, reopened, closed, severity, escalated by hand). Escalations by the timer and
     * pages are left out: the configuration makes them.
     */
    public record History(IncidentOpened opened, List<Timed> events) {}

    /** The pages of one incident, in the order they were sent, and how many times it escalated on its timer. */
    public record Outcome(List<Page> pages, int escalations) {}

    /** The pages {@code config} sends for the incident until {@code until}. */
    public static Outcome simulate(OnCallConfig config, History history, Instant until) {
        Tracked incident = new Tracked(history.opened());
        Run run = new Run(config, incident);
        for (Timed timed : history.events()) {
            if (timed.at().isAfter(until)) {
                break;
            }
            run.advance(timed.at());
            if (timed.event() instanceof IncidentEscalated byHand) {
                incident.apply(new IncidentEscalated(
                        byHand.incidentId(),
                        byHand.product(),
                        incident.level,
                        incident.level + 1,
                        null,
                        byHand.escalatedBy(),
                        byHand.escalatedAt()));
            } else {
                incident.apply(timed.event());
            }
        }
        run.advance(until);
        return new Outcome(List.copyOf(run.pages), run.escalations);
    }

    /** How many times a person was paged, how many at night and at weekends, and how many nights were disturbed. */
    public record Burden(String person, long pages, long nightPages, long weekendPages, long nightsDisturbed) {}

    /** The burden of each person paged, by person id, in the person's time zone as each page carries it. */
    public static List<Burden> burden(List<Page> pages) {
        Map<String, List<Page>> byPerson = new TreeMap<>();
        pages.forEach(page -> byPerson.computeIfAbsent(page.person(), person -> new ArrayList<>())
                .add(page));
        List<Burden> burden = new ArrayList<>();
        byPerson.forEach((person, own) -> {
            long night = 0;
            long weekend = 0;
            Set<LocalDate> nights = new HashSet<>();
            for (Page page : own) {
                OnCallHours.Local local = OnCallHours.of(page.at(), page.timeZone());
                if (local.nightOf() != null) {
                    night++;
                    nights.add(local.nightOf());
                } else if (local.weekendDay() != null) {
                    weekend++;
                }
            }
            burden.add(new Burden(person, own.size(), night, weekend, nights.size()));
        });
        burden.sort(Comparator.comparingLong(Burden::pages).reversed().thenComparing(Burden::person));
        return burden;
    }

    /** The most incidents a comparison lists whose pages differ. */
    static final int CHANGED = 50;

    /** A side's totals: pages, at night and at weekends, people paged, escalations on a level's timer. */
    public record Totals(long pages, long nightPages, long weekendPages, long peoplePaged, long escalations) {}

    /** A person's burden as it was and as it would have been (zeros where they were not paged). */
    public record PersonRow(String person, Burden real, Burden draft) {}

    /** An incident whose pages would have differed: who was paged (at which level, on which channel) and when. */
    public record IncidentRow(String incidentId, String title, Instant openedAt, List<Page> real, List<Page> draft) {}

    /**
     * The recorded pages of a period beside the pages a configuration would have sent.
     *
     * @param incidents      the incidents opened in the period
     * @param changed        the incidents whose pages differ (who, level or channel), at most {@value #CHANGED}
     * @param changedLeftOut how many more differ
     */
    public record Comparison(
            int incidents,
            Totals real,
            Totals draft,
            List<PersonRow> burden,
            List<IncidentRow> changed,
            int changedLeftOut) {}

    /**
     * Simulates every incident with {@code config} until {@code until} and compares with what was recorded.
     *
     * @param recordedPages       the pages recorded for these incidents
     * @param recordedEscalations the escalations on a level's timer recorded for them
     */
    public static Comparison compare(
            OnCallConfig config,
            List<History> incidents,
            List<Page> recordedPages,
            int recordedEscalations,
            Instant until) {
        List<Page> drafted = new ArrayList<>();
        int escalations = 0;
        Map<String, List<Page>> realByIncident = new HashMap<>();
        recordedPages.forEach(page -> realByIncident
                .computeIfAbsent(page.incidentId(), id -> new ArrayList<>())
                .add(page));
        List<IncidentRow> changed = new ArrayList<>();
        int changedCount = 0;
        for (History history : incidents) {
            Outcome outcome = simulate(config, history, until);
            drafted.addAll(outcome.pages());
            escalations += outcome.escalations();
            List<Page> real = realByIncident.getOrDefault(history.opened().incidentId(), List.of());
            if (!who(real).equals(who(outcome.pages()))) {
                changedCount++;
                if (changed.size() < CHANGED) {
                    changed.add(new IncidentRow(
                            history.opened().incidentId(),
                            history.opened().title(),
                            history.opened().openedAt(),
                            real,
                            outcome.pages()));
                }
            }
        }
        List<Burden> realBurden = burden(recordedPages);
        List<Burden> draftBurden = burden(drafted);
        Map<String, PersonRow> rows = new TreeMap<>();
        realBurden.forEach(b -> rows.put(b.person(), new PersonRow(b.person(), b, none(b.person()))));
        draftBurden.forEach(b -> rows.merge(
                b.person(),
                new PersonRow(b.person(), none(b.person()), b),
                (row, added) -> new PersonRow(row.person(), row.real(), b)));
        return new Comparison(
                incidents.size(),
                totals(realBurden, recordedEscalations),
                totals(draftBurden, escalations),
                rows.values().stream()
                        .sorted(Comparator.comparingLong((PersonRow row) -> -Math.max(
                                        row.real().pages(), row.draft().pages()))
                                .thenComparing(PersonRow::person))
                        .toList(),
                changed,
                changedCount - changed.size());
    }

    /** Who was paged, at which level, on which channel, as a multiset: what a change of configuration changes. */
    private static Map<List<Object>, Long> who(List<Page> pages) {
        Map<List<Object>, Long> who = new HashMap<>();
        pages.forEach(page -> who.merge(List.of(page.person(), page.level(), page.channel()), 1L, Long::sum));
        return who;
    }

    private static Burden none(String person) {
        return new Burden(person, 0, 0, 0, 0);
    }

    private static Totals totals(List<Burden> burden, long escalations) {
        return new Totals(
                burden.stream().mapToLong(Burden::pages).sum(),
                burden.stream().mapToLong(Burden::nightPages).sum(),
                burden.stream().mapToLong(Burden::weekendPages).sum(),
                burden.size(),
                escalations);
    }

    /** One incident's simulation: its pages so far, and which notifications were counted. */
    private static final class Run {

        private final OnCallConfig config;
        private final Tracked incident;
        private final Set<String> counted = new HashSet<>();
        private final List<Page> pages = new ArrayList<>();
        private int escalations;

        Run(OnCallConfig config, Tracked incident) {
            this.config = config;
            this.incident = incident;
        }

        /** Everything the configuration does until {@code to}: pages due, and levels whose timeout passed. */
        void advance(Instant to) {
            Optional<Instant> due = PagingPlan.escalationDue(config, incident);
            while (due.isPresent() && !due.get().isAfter(to)) {
                collect(due.get());
                incident.apply(new IncidentEscalated(
                        incident.id,
                        incident.product,
                        incident.level,
                        incident.level + 1,
                        PagingPlan.policyFor(config, incident),
                        ACTOR,
                        due.get()));
                escalations++;
                due = PagingPlan.escalationDue(config, incident);
            }
            collect(to);
        }

        private void collect(Instant now) {
            for (Notification notification :
                    PagingPlan.plan(config, incident, false, now).due()) {
                if (!counted.add(notification.id())) {
                    continue;
                }
                Instant at = incident.levelSince.getOrDefault(notification.level(), incident.openedAt);
                for (Notification.Recipient recipient : notification.paged()) {
                    pages.add(new Page(
                            incident.id,
                            recipient.id(),
                            recipient.person().timeZone().getId(),
                            notification.channel(),
                            notification.level(),
                            at));
                }
            }
        }
    }
}
