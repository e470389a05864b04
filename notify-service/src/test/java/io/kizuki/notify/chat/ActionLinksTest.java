package io.kizuki.notify.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** Links that act for one person on one incident, once, for a while, and only as made. */
class ActionLinksTest {

    private static final Instant NOW = Instant.parse("2026-12-03T03:00:00Z");
    private final ActionLinks links =
            new ActionLinks("link-secret", Duration.ofHours(1), URI.create("https://kizuki.example.com"));

    @Test
    void aLinkCarriesItsPersonIncidentActionAndExpiry() {
        URI link = links.link("alice", "inc-1", ActionLinks.ACKNOWLEDGE, "ntf:inc-1:page", "teams", NOW)
                .orElseThrow();

        assertThat(link.toString()).startsWith("https://kizuki.example.com/api/v1/chat/links/");
        ActionLinks.Claim claim = links.verify(token(link), NOW.plusSeconds(3_599));
        assertThat(claim.person()).isEqualTo("alice");
        assertThat(claim.incidentId()).isEqualTo("inc-1");
        assertThat(claim.request()).isEqualTo(new ChatRequest.Acknowledge("inc-1"));
        assertThat(claim.expires()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(claim.via()).isEqualTo("teams");
    }

    @Test
    void aCallsTokenNamesItsLevelAndIsMadeForItsNotificationOnly() {
        String token = links.keypadToken("uma", "inc-1", 2, "inc-1:page:2:voice:uma", NOW)
                .orElseThrow();

        ActionLinks.Claim claim = links.verify(token, NOW);
        assertThat(claim.action()).isEqualTo(ActionLinks.KEYPAD + 2);
        assertThat(claim.via()).isEqualTo("voice");
        assertThat(claim.madeFor("inc-1:page:2:voice:uma")).isTrue();
        assertThat(claim.madeFor("inc-1:page:2:voice:uma~repeat-2")).isFalse();
        assertThat(claim.madeFor(null)).isFalse();
    }

    @Test
    void aLinkSentBeforeLinksNamedTheirWayWentByEmail() throws Exception {
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("v1|alice|inc-1|resolve|" + NOW.plusSeconds(60).getEpochSecond() + "|abcdefghijklmnop")
                        .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("link-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));

        ActionLinks.Claim claim = links.verify(payload + "." + signature, NOW);
        assertThat(claim.request()).isEqualTo(new ChatRequest.Resolve("inc-1"));
        assertThat(claim.via()).isEqualTo("email");
    }

    @Test
    void refusesAnExpiredLinkAChangedOneAndOneSignedWithAnotherSecret() {
        String token = token(links.link("alice", "inc-1", ActionLinks.RESOLVE, "n", "email", NOW)
                .orElseThrow());
        assertThatThrownBy(() -> links.verify(token, NOW.plusSeconds(3_600)))
                .isInstanceOfSatisfying(
                        ActionLinks.Refused.class, e -> assertThat(e.expired()).isTrue());

        String forBob = token(links.link("bob", "inc-1", ActionLinks.RESOLVE, "n", "email", NOW)
                .orElseThrow());
        String swapped = forBob.substring(0, forBob.indexOf('.')) + token.substring(token.indexOf('.'));
        assertThatThrownBy(() -> links.verify(swapped, NOW))
                .isInstanceOfSatisfying(
                        ActionLinks.Refused.class, e -> assertThat(e.expired()).isFalse());
        var other = new ActionLinks("another-secret", Duration.ofHours(1), URI.create("https://kizuki.example.com"));
        assertThatThrownBy(() -> other.verify(token, NOW)).isInstanceOf(ActionLinks.Refused.class);
        assertThatThrownBy(() -> links.verify("garbage", NOW)).isInstanceOf(ActionLinks.Refused.class);
        assertThatThrownBy(() -> links.verify("bm90.IGEgbGluaw", NOW)).isInstanceOf(ActionLinks.Refused.class);
    }

    @Test
    void makesNoLinkForAnIdThatCannotGoInOne() {
        assertThat(links.link("al|ice", "inc-1", ActionLinks.ACKNOWLEDGE, "n", "email", NOW))
                .isEmpty();
    }

    private static String token(URI link) {
        String path = link.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
