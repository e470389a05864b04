package io.kizuki.incident.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.kizuki.incident.streams.CommandCredentials.Authority;
import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.CloseIncident;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.RecordCanary;
import io.kizuki.ledger.command.ReopenIncident;
import io.kizuki.ledger.event.CanaryPassed;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Who a command on the commands topic is from: a service's own command, or a person's relayed from chat. */
class ServiceTokenCredentialsTest {

    private static final String NOTIFY = "client:kizuki-notify-service";
    private static final AcknowledgeIncident ACK = new AcknowledgeIncident("inc-1", null, List.of("shop"));

    private final ServiceTokenCredentials relaying = credentials(Set.of("notifier", "chat-relay"));
    private final ServiceTokenCredentials notRelaying = credentials(Set.of("notifier"));

    @Test
    void recordsARelayedCommandAsThePersonsViaTheWayItCameIn() {
        Authority authority = relaying.check(ACK, headers("token", "alice", "slack"));

        assertThat(authority.refusal()).isNull();
        assertThat(authority.actor()).isEqualTo("user:alice");
        assertThat(authority.via()).isEqualTo("slack");
    }

    @Test
    void refusesToRelayForAServiceWhoseTokenLacksTheChatRelayRole() {
        Authority authority = notRelaying.check(ACK, headers("token", "alice", "slack"));

        assertThat(authority.refusal()).isEqualTo("the token's client lacks the role chat-relay");
        assertThat(authority.unauthenticated()).isFalse();
    }

    @Test
    void refusesToRelayWhatAPersonCannotSendFromChat() {
        assertThat(relaying.check(new CloseIncident("inc-1", null, List.of("shop")), headers("token", "alice", "slack"))
                        .refusal())
                .isEqualTo(CloseIncident.TYPE + " cannot be relayed for a person");
        assertThat(relaying.check(
                                new ReopenIncident("inc-1", "again", null, List.of("shop")),
                                headers("token", "alice", "slack"))
                        .refusal())
                .isEqualTo(ReopenIncident.TYPE + " cannot be relayed for a person");
    }

    @Test
    void relaysAPersonsEscalateNowAsThePerson() {
        Authority authority = relaying.check(
                new EscalateIncident("inc-1", 1, null, List.of("shop")), headers("token", "alice", "slack"));

        assertThat(authority.refusal()).isNull();
        assertThat(authority.actor()).isEqualTo("user:alice");
    }

    @Test
    void refusesToRelayForAServiceAccountOrANameThatIsNoUserName() {
        assertThat(relaying.check(ACK, headers("token", "service-account-kizuki-report-service", "slack"))
                        .refusal())
                .isEqualTo("kizuki_on_behalf_of does not name a user");
        assertThat(relaying.check(ACK, headers("token", "alice\nadmin", "slack"))
                        .refusal())
                .isEqualTo("kizuki_on_behalf_of does not name a user");
        assertThat(relaying.check(ACK, headers("token", "alice", "Slack!")).refusal())
                .isEqualTo("kizuki_via does not name a way in");
    }

    @Test
    void aRelayedCommandWithoutAValidTokenIsNotADecision() {
        assertThat(relaying.check(ACK, headers(null, "alice", "slack")).unauthenticated())
                .isTrue();
        assertThat(relaying.check(ACK, headers("expired", "alice", "slack")).unauthenticated())
                .isTrue();
    }

    @Test
    void aServicesOwnCommandIsStillRecordedAsTheService() {
        Authority authority = relaying.check(new EscalateIncident("inc-1", 1, "shop"), headers("token", null, null));

        assertThat(authority.actor()).isEqualTo(NOTIFY);
        assertThat(authority.via()).isNull();
        assertThat(relaying.check(ACK, headers(null, null, null))).isEqualTo(Authority.ENVELOPE);
    }

    @Test
    void onlyTheReporterRoleRecordsACanaryAsProjectedWhileDetectionsStageNeedsNoToken() {
        Instant at = Instant.parse("2026-12-06T01:00:00Z");
        var projected =
                new RecordCanary(CanaryPassed.STREAM, "canary-1", CanaryPassed.PROJECTED, at, at.plusSeconds(120));
        var decided = new RecordCanary(CanaryPassed.STREAM, "canary-1", CanaryPassed.DECIDED, at, at.plusSeconds(120));

        assertThat(notRelaying.check(projected, headers("token", null, null)).refusal())
                .isEqualTo("the token's client lacks the role reporter");
        assertThat(credentials(Set.of("reporter"))
                        .check(projected, headers("token", null, null))
                        .refusal())
                .isNull();
        assertThat(notRelaying.check(projected, headers(null, null, null)).unauthenticated())
                .isTrue();
        assertThat(notRelaying.check(decided, headers(null, null, null))).isEqualTo(Authority.ENVELOPE);
    }

    private static ServiceTokenCredentials credentials(Set<String> roles) {
        return new ServiceTokenCredentials(credential -> credential.getToken().equals("token")
                ? Uni.createFrom()
                        .item(QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal(NOTIFY))
                                .addRoles(roles)
                                .build())
                : Uni.createFrom().failure(new AuthenticationFailedException("expired at " + Instant.EPOCH)));
    }

    private static Headers headers(String token, String onBehalfOf, String via) {
        var headers = new RecordHeaders();
        add(headers, CommandAuthorization.HEADER, token == null ? null : "Bearer " + token);
        add(headers, CommandAuthorization.ON_BEHALF_OF, onBehalfOf);
        add(headers, CommandAuthorization.VIA, via);
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
