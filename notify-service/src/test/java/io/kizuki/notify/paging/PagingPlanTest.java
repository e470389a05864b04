package io.kizuki.notify.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;

/** Given what the ledger says of an incident, what should have been sent, and when it escalates. */
class PagingPlanTest {

    static final OnCallConfig CONFIG = ConfigLoader.parse("""
            people:
              pat: {timeZone: Europe/Berlin, slack: U0PAT, email: pat@example.com}
              kim: {timeZone: Europe/Berlin, email: kim@example.com}
              sre: {timeZone: Asia/Tokyo, slack: U0SRE}
              boss: {timeZone: Europe/Berlin, email: boss@example.com, webhook: pager}
            schedules:
              primary:
                timeZone: Europe/Berlin
                layers:
                  - {members: [pat, kim], length: P1D, start: "2026-11-02T09:00:00"}
              sre:
                timeZone: UTC
                layers:
                  - {members: [sre], length: P7D, start: "2026-11-01T00:00:00"}
            escalationPolicies:
              shop:
                repeat: 1
                levels:
                  - timeout: PT5M
                    targets: [{schedule: primary}, {channel: team}]
                  - timeout: PT10M
                    targets: [{person: boss}]
              db:
                levels:
                  - timeout: PT5M
                    targets: [{person: kim}]
            routing:
              default: shop
              sre: sre
              rules:
                - {service: [db], policy: db}
            channels:
              slack: {team: "http://localhost/services/T0/B0/x"}
              webhooks:
                pager: {url: "http://localhost/hooks/pager", secret: s}
            """).config();
    static final Instant OPENED_AT = Instant.parse("2026-11-22T10:00:00Z");

    static IncidentOpened opened(String service, Severity severity) {
        return new IncidentOpened(
                "inc-1",
                "Checkout down",
                "shop",
                service,
                severity,
                "dk",
                "alertmanager",
                "s-1",
                OPENED_AT,
                null,
                "service-down",
                List.of(),
                null);
    }

    static List<String> ids(Tracked incident) {
        return PagingPlan.planned(CONFIG, incident).stream()
                .map(Notification::id)
                .toList();
    }

    @Test
    void pagesWhoeverIsOnCallWhenTheIncidentOpenedOnEveryWayTheyCanBeReached() {
        // 2026-11-22 10:00 UTC is 11:00 in Berlin: the day's turn (from 09:00) is pat's, 20 days after the start
        var incident = new Tracked(opened("checkout", Severity.SEV3));

        List<Notification> planned = PagingPlan.planned(CONFIG, incident);

        assertThat(planned)
                .extracting(Notification::id)
                .containsExactly("ntf:inc-1:1:page:1:slack:team", "ntf:inc-1:1:page:1:email:pat");
        assertThat(planned.getFirst().people())
                .extracting(Notification.Recipient::id)
                .containsExactly("pat");
    }

    @Test
    void aMattermostChannelIsPagedAndToldOfTheAcknowledgementAsAMattermostChannel() {
        OnCallConfig config = ConfigLoader.parse("""
                        people:
                          pat: {timeZone: Europe/Berlin, mattermost: pat}
                        schedules:
                          primary:
                            timeZone: Europe/Berlin
                            layers: [{members: [pat], length: P7D, start: "2026-11-02T09:00:00"}]
                        escalationPolicies:
                          shop:
                            levels: [{timeout: PT5M, targets: [{schedule: primary}, {channel: ops}]}]
                        routing: {default: shop}
                        channels:
                          mattermost: {ops: "http://localhost/mattermost/hooks/x"}
                        """).config();
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        assertThat(PagingPlan.planned(config, incident))
                .extracting(Notification::id, Notification::channel)
                .containsExactly(tuple("ntf:inc-1:1:page:1:mattermost:ops", "mattermost"));

        incident.apply(new NotificationDelivered(
                "inc-1",
                "shop",
                "ntf:inc-1:1:page:1:mattermost:ops",
                "mattermost",
                "ops",
                "page",
                1,
                1,
                "c",
                OPENED_AT,
                null));
        incident.apply(new IncidentAcknowledged("inc-1", "user:pat", OPENED_AT.plusSeconds(30)));
        assertThat(PagingPlan.planned(config, incident))
                .extracting(Notification::id)
                .containsExactly("ntf:inc-1:1:acknowledged:mattermost:ops");
    }

    @Test
    void aTeamsChannelAndAPersonsTeamsChatArePagedAndOnlyTheChannelIsToldOfTheAcknowledgementThere() {
        OnCallConfig config = ConfigLoader.parse("""
                        people:
                          pat: {timeZone: Europe/Berlin, teams: pat-chat}
                        schedules:
                          primary:
                            timeZone: Europe/Berlin
                            layers: [{members: [pat], length: P7D, start: "2026-11-02T09:00:00"}]
                        escalationPolicies:
                          shop:
                            levels: [{timeout: PT5M, targets: [{schedule: primary}, {channel: ops}]}]
                        routing: {default: shop}
                        channels:
                          teams:
                            ops: "http://localhost/teams/workflows/1/triggers/manual/paths/invoke"
                            pat-chat: "http://localhost/teams/workflows/2/triggers/manual/paths/invoke"
                        """).config();
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        assertThat(PagingPlan.planned(config, incident))
                .extracting(Notification::id, Notification::channel, Notification::webhook)
                .containsExactly(
                        tuple("ntf:inc-1:1:page:1:teams:ops", "teams", null),
                        tuple("ntf:inc-1:1:page:1:teams:pat", "teams", "pat-chat"));

        for (String recipient : List.of("ops", "pat")) {
            incident.apply(new NotificationDelivered(
                    "inc-1",
                    "shop",
                    "ntf:inc-1:1:page:1:teams:" + recipient,
                    "teams",
                    recipient,
                    "page",
                    1,
                    1,
                    "c",
                    OPENED_AT,
                    null));
        }
        incident.apply(new ResponderPaged("inc-1", "shop", "p-1", "pat", "Europe/Berlin", "teams", 1, "c", OPENED_AT));
        incident.apply(new IncidentAcknowledged("inc-1", "user:pat", OPENED_AT.plusSeconds(30)));
        assertThat(PagingPlan.planned(config, incident))
                .extracting(Notification::id)
                .containsExactly("ntf:inc-1:1:acknowledged:teams:ops", "ntf:inc-1:1:acknowledged:teams:pat");
    }

    @Test
    void anAnnouncementToASlackChannelCarriesThePagesTheBotPostedThereToChangeThemInPlace() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(new NotificationDelivered(
                "inc-1",
                "shop",
                "ntf:inc-1:1:page:1:slack:team",
                "slack",
                "team",
                "page",
                1,
                1,
                "c",
                OPENED_AT,
                "C0TEAM0001/1700000000.000100"));
        incident.apply(new ResponderPaged("inc-1", "shop", "p-1", "pat", "Europe/Berlin", "slack", 1, "c", OPENED_AT));
        incident.apply(new IncidentAcknowledged("inc-1", "user:pat", OPENED_AT.plusSeconds(30)));

        assertThat(PagingPlan.planned(CONFIG, incident))
                .filteredOn(notification -> notification.channel().equals(Notification.SLACK))
                .singleElement()
                .satisfies(announcement ->
                        assertThat(announcement.updates()).containsExactly("C0TEAM0001/1700000000.000100"));

        incident.apply(new IncidentReopened("inc-1", "again", "user:pat", OPENED_AT.plusSeconds(60)));
        assertThat(incident.messages).isEmpty();
    }

    @Test
    void withTheBotASev2GetsItsOwnChannelThenItsPeopleInvitedItsTimelinePostedAndItsAnnouncements() {
        OnCallConfig config = ConfigLoader.parse("""
                        people:
                          pat: {timeZone: Europe/Berlin, slack: U0PAT, user: pat}
                          kim: {timeZone: Europe/Berlin, slack: U0KIM, user: kim}
                        schedules:
                          primary:
                            timeZone: Europe/Berlin
                            layers: [{members: [pat], length: P7D, start: "2026-11-02T09:00:00"}]
                        escalationPolicies:
                          shop:
                            levels: [{timeout: PT5M, targets: [{schedule: primary}]}]
                        routing: {default: shop}
                        channels:
                          incidentChannels: {}
                        """).config();
        var incident = new Tracked(opened("checkout", Severity.SEV2));
        assertThat(PagingPlan.plan(config, incident, true, Instant.now()).due())
                .extracting(Notification::id)
                .contains("ntf:inc-1:incident-channel");
        assertThat(PagingPlan.plan(config, incident, false, Instant.now()).due())
                .extracting(Notification::purpose)
                .doesNotContain(Notification.INCIDENT_CHANNEL);
        assertThat(PagingPlan.plan(config, new Tracked(opened("checkout", Severity.SEV3)), true, Instant.now())
                        .due())
                .extracting(Notification::purpose)
                .doesNotContain(Notification.INCIDENT_CHANNEL);
        // an entry before the channel is made is kept nowhere: the paging state holds no timeline of its own
        incident.apply(new TimelineEntryAdded("inc-1", "e-0", "note", null, "early", null, "user:kim", OPENED_AT));

        incident.apply(new NotificationDelivered(
                "inc-1",
                "shop",
                "ntf:inc-1:incident-channel",
                "slack",
                "inc-1",
                Notification.INCIDENT_CHANNEL,
                0,
                1,
                "c",
                OPENED_AT,
                "C0INC00001/1.000001"));
        incident.apply(new ResponderPaged("inc-1", "shop", "p-1", "pat", "Europe/Berlin", "slack", 1, "c", OPENED_AT));
        incident.apply(new RoleAssigned("inc-1", "commander", "kim", "user:kim", OPENED_AT));
        incident.apply(new TimelineEntryAdded(
                "inc-1", "e-1", "note", null, "rolled back", null, "user:kim", OPENED_AT.plusSeconds(10)));
        incident.apply(new IncidentAcknowledged("inc-1", "user:kim", OPENED_AT.plusSeconds(30)));

        assertThat(PagingPlan.plan(config, incident, true, Instant.now()).due())
                .filteredOn(notification -> "C0INC00001".equals(notification.webhook()))
                .extracting(Notification::id, Notification::by)
                .containsExactly(
                        tuple("ntf:inc-1:channel-invite:pat", null),
                        tuple("ntf:inc-1:channel-invite:kim", null),
                        tuple("ntf:inc-1:timeline-entry:e-1", "user:kim: rolled back"),
                        tuple("ntf:inc-1:1:acknowledged:slack:C0INC00001", "user:kim"));
    }

    @Test
    void aSev1OrSev2AlsoPagesTheSreFromTheFirstLevel() {
        var incident = new Tracked(opened("checkout", Severity.SEV2));

        assertThat(PagingPlan.planned(CONFIG, incident).getFirst().people())
                .extracting(Notification.Recipient::id)
                .containsExactly("pat", "sre");
    }

    @Test
    void aSeverityRaisedToSev1PagesTheSreThen() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(new SeverityChanged(
                "inc-1", Severity.SEV3, Severity.SEV1, "worse", "kizuki:detection", OPENED_AT.plusSeconds(60)));

        assertThat(PagingPlan.planned(CONFIG, incident).getFirst().people())
                .extracting(Notification.Recipient::id)
                .contains("sre");
    }

    @Test
    void routesByTheFirstMatchingRule() {
        var incident = new Tracked(opened("db", Severity.SEV3));

        assertThat(PagingPlan.policyFor(CONFIG, incident)).isEqualTo("db");
        assertThat(ids(incident)).containsExactly("ntf:inc-1:1:page:1:email:kim");
    }

    @Test
    void escalatesWhenTheLevelTimesOutAndPagesTheNextLevelInTheTeamChannelToo() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        assertThat(PagingPlan.escalationDue(CONFIG, incident)).contains(OPENED_AT.plusSeconds(300));

        incident.apply(new IncidentEscalated(
                "inc-1", "shop", 1, 2, "shop", "client:kizuki-notify-service", OPENED_AT.plusSeconds(301)));

        assertThat(ids(incident))
                .containsExactly(
                        "ntf:inc-1:1:page:1:slack:team",
                        "ntf:inc-1:1:page:1:email:pat",
                        "ntf:inc-1:1:page:2:slack:team",
                        "ntf:inc-1:1:page:2:email:boss",
                        "ntf:inc-1:1:page:2:webhook:boss");
        assertThat(PagingPlan.escalationDue(CONFIG, incident)).contains(OPENED_AT.plusSeconds(301 + 600));
    }

    @Test
    void repeatsThePolicyThenStopsEscalating() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        for (int level = 1; level < 4; level++) {
            incident.apply(new IncidentEscalated("inc-1", "shop", level, level + 1, "shop", "c", OPENED_AT));
        }

        assertThat(incident.level()).isEqualTo(4);
        assertThat(PagingPlan.escalationDue(CONFIG, incident)).isEmpty();
        assertThat(ids(incident)).contains("ntf:inc-1:1:page:3:email:pat", "ntf:inc-1:1:page:4:webhook:boss");
    }

    @Test
    void anAcknowledgedIncidentNeitherPagesNorEscalatesAndTellsEveryonePaged() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(new ResponderPaged("inc-1", "shop", "p-1", "pat", "Europe/Berlin", "email", 1, "c", OPENED_AT));
        incident.apply(new NotificationDelivered(
                "inc-1", "shop", "ntf:inc-1:1:page:1:slack:team", "slack", "team", "page", 1, 1, "c", OPENED_AT, null));
        incident.apply(new IncidentAcknowledged("inc-1", "user:pat", OPENED_AT.plusSeconds(30)));

        assertThat(PagingPlan.escalationDue(CONFIG, incident)).isEmpty();
        assertThat(ids(incident))
                .containsExactly("ntf:inc-1:1:acknowledged:slack:team", "ntf:inc-1:1:acknowledged:email:pat");

        incident.apply(new IncidentResolved("inc-1", "user:pat", "manual", OPENED_AT.plusSeconds(90)));
        assertThat(ids(incident)).contains("ntf:inc-1:1:resolved:slack:team", "ntf:inc-1:1:resolved:email:pat");
    }

    @Test
    void aResolvedIncidentNobodyWasPagedForSendsNothing() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(new IncidentResolved("inc-1", "kizuki:detection", "auto", OPENED_AT.plusSeconds(5)));

        assertThat(PagingPlan.planned(CONFIG, incident)).isEmpty();
    }

    @Test
    void aReopenedIncidentIsPagedAgainInANewRoundFromTheFirstLevel() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(new IncidentEscalated("inc-1", "shop", 1, 2, "shop", "c", OPENED_AT.plusSeconds(300)));
        incident.apply(new IncidentResolved("inc-1", "user:pat", "manual", OPENED_AT.plusSeconds(400)));
        incident.apply(new IncidentReopened("inc-1", "back", "user:pat", OPENED_AT.plusSeconds(500)));

        assertThat(ids(incident)).containsExactly("ntf:inc-1:2:page:1:slack:team", "ntf:inc-1:2:page:1:email:pat");
        assertThat(PagingPlan.escalationDue(CONFIG, incident)).contains(OPENED_AT.plusSeconds(800));
    }
}
