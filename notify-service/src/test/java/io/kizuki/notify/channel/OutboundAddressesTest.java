package io.kizuki.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Notifications never reach the service's own network unless an operator allows the host. */
class OutboundAddressesTest {

    private final OutboundAddresses none = new OutboundAddresses(List.of());

    @Test
    void refusesLoopbackLinkLocalAndPrivateAddressesAsFinal() {
        for (String host : List.of(
                "localhost",
                "127.0.0.1",
                "169.254.169.254",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "[::1]",
                "fd00::1",
                "fe80::1",
                "0.0.0.0",
                "100.64.0.1")) {
            assertThatThrownBy(() -> none.check("Slack", host))
                    .as(host)
                    .isInstanceOfSatisfying(DeliveryException.class, refused -> {
                        assertThat(refused.retryable()).isFalse();
                        assertThat(refused.getMessage()).contains("internal address");
                    });
        }
    }

    @Test
    void letsPublicAddressesThrough() {
        assertThatNoException().isThrownBy(() -> none.check("Slack", "93.184.215.14"));
        assertThatNoException().isThrownBy(() -> none.check("Slack", "2606:4700::6810:84e5"));
    }

    @Test
    void letsThroughWhatTheOperatorAllowsByNameAddressOrNetwork() {
        var allowed = new OutboundAddresses(List.of("localhost", " 10.0.0.0/8 ", "192.168.1.7"));

        assertThatNoException().isThrownBy(() -> allowed.check("SMTP", "LOCALHOST"));
        assertThatNoException().isThrownBy(() -> allowed.check("SMTP", "10.20.30.40"));
        assertThatNoException().isThrownBy(() -> allowed.check("SMTP", "192.168.1.7"));
        assertThatThrownBy(() -> allowed.check("SMTP", "192.168.1.8")).isInstanceOf(DeliveryException.class);
        assertThatThrownBy(() -> allowed.check("SMTP", "127.0.0.1")).isInstanceOf(DeliveryException.class);
    }

    @Test
    void matchesNetworksBitByBit() throws Exception {
        assertThat(OutboundAddresses.matches("172.16.0.0/12", InetAddress.getByName("172.31.255.1")))
                .isTrue();
        assertThat(OutboundAddresses.matches("172.16.0.0/12", InetAddress.getByName("172.32.0.1")))
                .isFalse();
        assertThat(OutboundAddresses.matches("fd00::/8", InetAddress.getByName("fd12::1")))
                .isTrue();
        assertThat(OutboundAddresses.matches("fd00::/8", InetAddress.getByName("10.0.0.1")))
                .isFalse();
    }

    @Test
    void aReceiversAnswerIsNeverQuotedInTheFailure() {
        DeliveryException failure = DeliveryException.ofStatus("the webhook", 500, null);

        assertThat(failure.getMessage()).isEqualTo("the webhook answered 500 Internal Server Error");
        assertThat(failure.retryable()).isTrue();
        assertThat(DeliveryException.ofStatus("Slack", 404, null).retryable()).isFalse();
    }
}
