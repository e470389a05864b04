package io.kizuki.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.LedgerChain;

/** A restore reads the whole backup file first and refuses one that is not whole, before it writes anything. */
class LedgerBackupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HEADER = """
            {"format":"kizuki-backup/1","createdAt":"2026-11-22T10:00:00Z","topics":[{"name":"kizuki.ledger.v1",\
            "partitions":3,"pendingOnly":false,"configs":{"retention.ms":"-1"}},{"name":"kizuki.signals.v1",\
            "partitions":3,"pendingOnly":false,"configs":{}}],"groupOffsets":{"kizuki-incident-service":\
            {"kizuki.signals.v1":{"1":7}}}}""";
    private static final String RECORD = """
            {"t":"kizuki.ledger.v1","p":1,"o":%d,"ts":1700000000000,"k":"aW5jLTE=","v":"e30=","h":[]}""";
    private static final String TRAILER = """
            {"end":{"kizuki.ledger.v1":{"0":0,"1":%d,"2":0},"kizuki.signals.v1":{"0":0,"1":0,"2":0}}}""";

    @TempDir
    Path dir;

    @Test
    void readsTheTopicsAndTheDecidersOffsetsOfAWholeFile() throws IOException {
        Path file = write(HEADER, RECORD.formatted(0), RECORD.formatted(2), TRAILER.formatted(2));
        LedgerBackup.Contents contents = LedgerBackup.check(file);
        assertThat(contents.topics())
                .extracting(LedgerBackup.Contents.Topic::name)
                .containsExactly("kizuki.ledger.v1", "kizuki.signals.v1");
        assertThat(contents.topics().getFirst().partitions()).isEqualTo(3);
        assertThat(contents.topics().getFirst().configs()).isEqualTo(Map.of("retention.ms", "-1"));
        assertThat(contents.groupOffsets()).isEqualTo(Map.of(new TopicPartition("kizuki.signals.v1", 1), 7L));
    }

    @Test
    void refusesAFileCutShort() throws IOException {
        Path file = write(HEADER, RECORD.formatted(0), RECORD.formatted(2));
        assertThatThrownBy(() -> LedgerBackup.check(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void refusesAFileThatDoesNotHoldWhatItsTrailerCounts() throws IOException {
        Path file = write(HEADER, RECORD.formatted(0), TRAILER.formatted(2));
        assertThatThrownBy(() -> LedgerBackup.check(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not hold the records its trailer counts");
    }

    @Test
    void refusesWhatIsNotABackup() throws IOException {
        Path json = write("{\"format\":\"something-else\"}");
        Path garbage = write("garbage");
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, HEADER);
        for (Path file : List.of(json, garbage, plain)) {
            assertThatThrownBy(() -> LedgerBackup.check(file))
                    .as(file.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a Kizuki backup");
        }
    }

    @Test
    void restoresAChainedLedgerAndRefusesOneChangedSinceTheBackup() throws IOException {
        List<String> records = chained("inc-1", "{\"note\":\"first\"}", "{\"note\":\"second\"}");
        LedgerRoots roots = new LedgerRoots();
        for (String record : records) {
            var node = JSON.readTree(record);
            var headers = new RecordHeaders();
            node.get("h")
                    .forEach(pair ->
                            headers.add(pair.get(0).asText(), decode(pair.get(1).asText())));
            roots.add(1, node.get("o").asLong(), headers, decode(node.get("v").asText()));
        }
        String trailer = "{\"end\":{\"kizuki.ledger.v1\":{\"0\":0,\"1\":2,\"2\":0},\"kizuki.signals.v1\":"
                + "{\"0\":0,\"1\":0,\"2\":0}},\"ledgerRoots\":" + JSON.writeValueAsString(roots.roots())
                + ",\"ledgerChain\":" + JSON.writeValueAsString(roots.chain()) + "}";

        var whole = LedgerBackup.check(write(HEADER, records.get(0), records.get(1), trailer));
        assertThat(whole.chain().holds()).isTrue();
        assertThat(whole.chain().chained()).isEqualTo(2);

        String changed = records.get(1).replace(encode("{\"note\":\"second\"}"), encode("{\"note\":\"other\"}"));
        assertThat(changed).isNotEqualTo(records.get(1));
        assertThatThrownBy(() -> LedgerBackup.check(write(HEADER, records.get(0), changed, trailer)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("breaks its hash chain");
        String otherRoots = trailer.replace(roots.roots().get("1"), "0".repeat(64));
        assertThatThrownBy(() -> LedgerBackup.check(write(HEADER, records.get(0), records.get(1), otherRoots)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the roots");
    }

    /** Ledger records of one incident as a backup holds them, chained as the incident decider writes them. */
    private static List<String> chained(String incident, String... data) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        String previous = "";
        for (int i = 0; i < data.length; i++) {
            var envelope = new Envelope(
                    "evt-" + i,
                    "/kizuki/incident-service",
                    "kizuki.incident.timeline-entry-added.v1",
                    incident,
                    Instant.parse("2026-11-22T10:00:00Z"),
                    (long) i + 1,
                    null,
                    null,
                    "user:ann",
                    data[i].getBytes(StandardCharsets.UTF_8));
            var headers = new RecordHeaders();
            CloudEventHeaders.write(envelope, headers);
            String hash = LedgerChain.hash(previous, envelope);
            LedgerChain.write(headers, previous, hash);
            previous = hash;
            var node = JSON.createObjectNode()
                    .put("t", "kizuki.ledger.v1")
                    .put("p", 1)
                    .put("o", i)
                    .put("ts", 1700000000000L)
                    .put("k", encode(incident))
                    .put("v", encode(data[i]));
            var pairs = node.putArray("h");
            headers.forEach(header ->
                    pairs.addArray().add(header.key()).add(Base64.getEncoder().encodeToString(header.value())));
            lines.add(JSON.writeValueAsString(node));
        }
        return lines;
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "backup", ".jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }
}
