package io.kizuki.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A service account's token through a Keycloak outage: never handed out expired, asked for again with a back-off. */
class ServiceAccountTokenTest {

    private static final long LIFETIME = 300;

    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger asked = new AtomicInteger();
    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-22T03:00:00Z"));
    private HttpServer keycloak;
    private ServiceAccountToken account;

    @BeforeEach
    void startTokenEndpoint() throws IOException {
        keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keycloak.createContext("/realms/kizuki/protocol/openid-connect/token", exchange -> {
            asked.incrementAndGet();
            byte[] body = up.get()
                    ? ("{\"access_token\":\"token-" + issued.incrementAndGet() + "\",\"expires_in\":" + LIFETIME + "}")
                            .getBytes(StandardCharsets.UTF_8)
                    : "{\"error\":\"temporarily_unavailable\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up.get() ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        keycloak.start();
        account = new ServiceAccountToken(
                "http://127.0.0.1:" + keycloak.getAddress().getPort() + "/realms/kizuki",
                "kizuki-notify-service",
                Optional.of("secret"),
                clock);
    }

    @AfterEach
    void stopTokenEndpoint() {
        keycloak.stop(0);
    }

    @Test
    void neverHandsOutATokenPastItsExpiryWhileKeycloakIsDown() {
        assertThat(account.bearer()).contains("Bearer token-1");

        up.set(false);
        clock.advance(Duration.ofSeconds(LIFETIME - 30));
        assertThat(account.bearer())
                .as("renewal failed, the token is still valid")
                .contains("Bearer token-1");

        clock.advance(Duration.ofSeconds(20));
        assertThat(account.bearer()).as("within the margin of its expiry").isEmpty();
        assertThat(account.ready()).isFalse();

        up.set(true);
        clock.advance(Duration.ofMinutes(1));
        assertThat(account.bearer()).contains("Bearer token-2");
        assertThat(account.ready()).isTrue();
    }

    @Test
    void asksKeycloakAgainWithABackOffNotOnEveryCommand() {
        up.set(false);
        for (int i = 0; i < 50; i++) {
            assertThat(account.bearer()).isEmpty();
        }
        assertThat(asked).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(account.bearer()).isEmpty();
        assertThat(asked).hasValue(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(account.bearer()).as("the back-off has doubled to 2 s").isEmpty();
        assertThat(asked).hasValue(2);
    }

    @Test
    void exportsHowLongEveryRenewalHasFailedUntilOneSucceeds() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        account.bindTo(meters);
        assertThat(account.bearer()).isPresent();
        up.set(false);
        clock.advance(Duration.ofSeconds(LIFETIME));
        assertThat(account.bearer()).isEmpty();

        clock.advance(Duration.ofSeconds(90));
        account.bearer();

        assertThat(meters.get("kizuki.service.account.token.failing")
                        .tag("client", "kizuki-notify-service")
                        .gauge()
                        .value())
                .isEqualTo(90.0);
        assertThat(meters.get("kizuki.service.account.token.failures").counter().count())
                .isEqualTo(2.0);
        up.set(true);
        clock.advance(Duration.ofSeconds(30));
        assertThat(account.bearer()).isPresent();
        assertThat(meters.get("kizuki.service.account.token.failing").gauge().value())
                .isZero();
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {

        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
