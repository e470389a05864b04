package io.kizuki.importer;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import io.kizuki.importer.SourceFiles.Recorded;

/** A source tool's API, read whole: every answer an import needs, as the API gave it. */
interface SourceApi {

    List<Recorded> read(Instant now) throws IOException, InterruptedException;
}
