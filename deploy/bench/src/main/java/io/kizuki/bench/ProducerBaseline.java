package io.kizuki.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.kizuki.embedded.ChildProcess;

/**
 * The raw Kafka producer baseline: Kafka's own {@code ProducerPerformance} tool (kafka-tools), in a JVM of its own,
 * writing 512-byte records with acks=all to a topic with the ledger's partitions, on the same broker.
 */
final class ProducerBaseline {

    static final String TOPIC = "kizuki.bench.raw";
    private static final Pattern SUMMARY = Pattern.compile("\\d+ records sent, ([0-9.]+) records/sec");

    /** What the tool reported for the whole run. */
    record Result(double recordsPerSecond) {}

    private ProducerBaseline() {}

    static Result run(String bootstrapServers, int partitions, long records) {
        createTopic(bootstrapServers, partitions);
        List<String> command = List.of(
                ChildProcess.javaExecutable(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                TOPIC,
                "--num-records",
                Long.toString(records),
                "--record-size",
                "512",
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + bootstrapServers,
                "acks=all",
                "enable.idempotence=true");
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("ProducerPerformance failed:\n" + output);
            }
            // it prints progress lines of the same shape; the last one is the summary of the whole run
            Result last = null;
            Matcher matcher = SUMMARY.matcher(output);
            while (matcher.find()) {
                last = new Result(Double.parseDouble(matcher.group(1)));
            }
            if (last == null) {
                throw new IllegalStateException("ProducerPerformance printed no summary:\n" + output);
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ProducerPerformance", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void createTopic(String bootstrapServers, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(
                            new NewTopic(TOPIC, partitions, (short) 1).configs(Map.of("retention.ms", "3600000"))))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TOPIC, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
