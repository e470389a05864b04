package io.kizuki.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore reads the whole backup file first and refuses one that is not whole, before it writes anything. */
class LedgerBackupTest {

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
