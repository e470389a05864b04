package io.kizuki.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.kizuki.embedded.ChildProcess;
import io.kizuki.embedded.Ports;

/**
 * A real Prometheus Alertmanager (Debian package {@code prometheus-alertmanager}, 0.25) on a free loopback port, with
 * a route to a receiver that sends nothing: the baseline Kizuki's ingestion is compared with.
 */
final class Alertmanager implements AutoCloseable {

    static final String BINARY = "prometheus-alertmanager";

    private final ChildProcess process;
    private final int port;

    private Alertmanager(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static Alertmanager start(Path workDir) {
        int port = Ports.free();
        try {
            Path dir = Files.createDirectories(workDir.resolve("alertmanager"));
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, """
                    route:
                      receiver: nowhere
                    receivers:
                      - name: nowhere
                    """);
            var process = ChildProcess.start(
                    "Alertmanager",
                    List.of(
                            BINARY,
                            "--config.file=" + config,
                            "--storage.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--cluster.listen-address=",
                            "--log.level=warn"),
                    Map.of(),
                    dir,
                    dir.resolve("alertmanager.log"));
            var alertmanager = new Alertmanager(process, port);
            process.awaitHttpOk(URI.create(alertmanager.url() + "/-/ready"), Duration.ofSeconds(30));
            return alertmanager;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Alertmanager", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
