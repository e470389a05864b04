package io.kizuki.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkTest {

    private static final String OUTPUT = """
            Running 10s test @ http://localhost:8081/api/v1/signals/alertmanager
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    31.62ms   12.02ms 146.73ms   74.02%
                Req/Sec   510.93     71.50   680.00     70.00%
              10181 requests in 10.01s, 3.62MB read
              Non-2xx or 3xx responses: 12
              Socket errors: connect 0, read 2, write 0, timeout 3
            Requests/sec:   1017.35
            Transfer/sec:    370.47KB
            """;

    @Test
    void readsTheRateAndCountsEveryFailedRequest() {
        Wrk.Result result = Wrk.parse(OUTPUT);

        assertThat(result.requestsPerSecond()).isEqualTo(1017.35);
        assertThat(result.requests()).isEqualTo(10181);
        assertThat(result.failed()).isEqualTo(17);
        assertThat(result.allSucceeded()).isFalse();
    }

    @Test
    void aRunWithoutErrorLinesSucceeded() {
        String clean = OUTPUT.replaceAll("(?m)^\\s+(Non-2xx|Socket errors).*\\n", "");

        assertThat(Wrk.parse(clean).allSucceeded()).isTrue();
    }

    @Test
    void refusesOutputWithoutARate() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to localhost:1 Connection refused"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no rate");
    }
}
