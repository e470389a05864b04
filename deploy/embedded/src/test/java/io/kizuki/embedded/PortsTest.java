package io.kizuki.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Ports chosen now and listened on later are ones no outgoing connection can take meanwhile. */
class PortsTest {

    @Test
    void anUnclaimedPortIsFreeAndOutsideTheRangeOfOutgoingConnections() throws IOException {
        String[] range = Ports.firstLine(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .trim()
                .split("\\s+");
        int first = Integer.parseInt(range[0]);
        int last = Integer.parseInt(range[1]);

        for (int i = 0; i < 20; i++) {
            int port = Ports.unclaimed();
            assertThat(port).satisfiesAnyOf(p -> assertThat(p).isLessThan(first), p -> assertThat(p)
                    .isGreaterThan(last));
            assertThat(Ports.isFree(port)).isTrue();
        }
    }
}
