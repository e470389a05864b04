package io.kizuki.notify.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;

import io.kizuki.importer.SourceFiles;

/** The recorded answers of deploy/samples/{source}, read as deploy/import reads them, and their plan on the sample. */
final class Samples {

    /** The instant the samples are imported at: after their ended layers, before the weeks compared. */
    static final Instant NOW = Instant.parse("2026-10-10T00:00:00Z");

    private Samples() {}

    static SourceResponses recorded(String source) {
        return new SourceResponses(SourceFiles.read(Path.of("../deploy/samples/" + source)).stream()
                .map(response -> new SourceResponses.Response(response.path(), response.body()))
                .toList());
    }

    /** The plan of importing the source's samples into the sample configuration (deploy/config/notify.yaml). */
    static ConfigImport.Plan planOnTheSample(String source, BiFunction<SourceResponses, Instant, Translation> translate)
            throws IOException {
        return ConfigImport.plan(
                Optional.of(Files.readString(Path.of("../deploy/config/notify.yaml"))),
                translate.apply(recorded(source), NOW));
    }
}
