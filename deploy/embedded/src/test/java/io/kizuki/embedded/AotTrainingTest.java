package io.kizuki.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a training run's cache goes, and when it takes the place of the build's. */
class AotTrainingTest {

    @TempDir
    Path dir;

    Path app;

    @BeforeEach
    void buildAServiceWithItsCache() throws Exception {
        app = Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
        Files.setLastModifiedTime(app, FileTime.from(Instant.now().minusSeconds(60)));
        Files.writeString(dir.resolve("app.aot"), "the build's");
    }

    @Test
    void aServiceOfATrainingRunRecordsACacheBesideItsJarInsteadOfUsingOne() {
        assertThat(LocalStack.aotOption(app, true)).contains("-XX:AOTCacheOutput=" + dir.resolve("app.aot.training"));
        assertThat(LocalStack.aotOption(app, false))
                .isEqualTo(
                        Runtime.version().feature() >= 25
                                ? Optional.of("-XX:AOTCache=" + dir.resolve("app.aot"))
                                : Optional.empty());
    }

    @Test
    void putsTheTrainedCacheInPlaceOfTheBuildsOne() throws Exception {
        Files.writeString(LocalStack.trainingCache(app), "trained");

        assertThat(AotTraining.install(app, true)).isTrue();

        assertThat(dir.resolve("app.aot")).hasContent("trained");
        assertThat(LocalStack.trainingCache(app)).doesNotExist();
        assertThat(LocalStack.aotCache(app).isPresent())
                .isEqualTo(Runtime.version().feature() >= 25);
        assertThat(LocalStack.startCache(app)).isEqualTo(withJdk25(LocalStack.StartCache.TRAINED));
    }

    @Test
    void saysAServiceStartsWithTheBuildsCacheUntilOneIsTrainedAndAgainOnceABuildReplacedIt() throws Exception {
        assertThat(LocalStack.startCache(app)).isEqualTo(withJdk25(LocalStack.StartCache.BUILD));
        Files.writeString(LocalStack.trainingCache(app), "trained");
        AotTraining.install(app, true);
        Files.setLastModifiedTime(
                dir.resolve(LocalStack.TRAINED_MARK),
                FileTime.from(Instant.now().minusSeconds(30)));

        Files.writeString(dir.resolve("app.aot"), "the next build's");

        assertThat(LocalStack.startCache(app)).isEqualTo(withJdk25(LocalStack.StartCache.BUILD));
    }

    @Test
    void saysAServiceStartsWithoutACacheOnceAPlainBuildReplacedItsJar() throws Exception {
        Files.writeString(LocalStack.trainingCache(app), "trained");
        AotTraining.install(app, true);

        Files.setLastModifiedTime(app, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(LocalStack.startCache(app)).isEqualTo(LocalStack.StartCache.NONE);
    }

    private static LocalStack.StartCache withJdk25(LocalStack.StartCache kind) {
        return Runtime.version().feature() >= 25 ? kind : LocalStack.StartCache.NONE;
    }

    @Test
    void keepsTheBuildsCacheWhenTheServiceWasKilledWhileItWroteItsOwn() throws Exception {
        Files.writeString(LocalStack.trainingCache(app), "half");

        assertThat(AotTraining.install(app, false)).isFalse();

        assertThat(dir.resolve("app.aot")).hasContent("the build's");
        assertThat(LocalStack.trainingCache(app)).doesNotExist();
    }

    @Test
    void keepsTheBuildsCacheWhenTheTrainingWroteNone() {
        assertThat(AotTraining.install(app, true)).isFalse();

        assertThat(dir.resolve("app.aot")).hasContent("the build's");
    }
}
