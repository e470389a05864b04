package io.kizuki.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A source's API responses saved as files: each response is the file named after its request path, without the
 * query ({@code users.json} for {@code /users}, {@code schedules/PI7DH85/overrides.json}); the n-th page of a list,
 * from the second on, is {@code users.2.json}.
 */
public final class SourceFiles {

    /** One response: its request path and its body, as the source answered. */
    public record Recorded(String path, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("(.+?)(?:\\.(\\d+))?\\.json");

    private SourceFiles() {}

    /**
     * Every response saved under a folder, the pages of one path in their order.
     *
     * @throws IllegalArgumentException naming a file that is not JSON
     */
    public static List<Recorded> read(Path folder) {
        Map<Path, Matcher> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                Matcher name = NAME.matcher(folder.relativize(file).toString().replace('\\', '/'));
                if (name.matches()) {
                    files.put(file, name);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        List<Recorded> recorded = new ArrayList<>();
        files.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Path, Matcher> file) ->
                                file.getValue().group(1))
                        .thenComparingInt(file -> file.getValue().group(2) == null
                                ? 1
                                : Integer.parseInt(file.getValue().group(2))))
                .forEach(file -> {
                    try {
                        recorded.add(new Recorded(
                                "/" + file.getValue().group(1), JSON.readTree(Files.readString(file.getKey()))));
                    } catch (JsonProcessingException e) {
                        throw new IllegalArgumentException(
                                file.getKey() + " is not JSON: " + e.getOriginalMessage(), e);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + file.getKey(), e);
                    }
                });
        return recorded;
    }

    /** Saves responses as {@link #read} reads them. */
    public static void write(Path folder, List<Recorded> responses) {
        Map<String, Integer> pages = new LinkedHashMap<>();
        try {
            for (Recorded response : responses) {
                int page = pages.merge(response.path(), 1, Integer::sum);
                Path file = folder.resolve(response.path().substring(1) + (page == 1 ? "" : "." + page) + ".json");
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(response.body()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + folder, e);
        }
    }
}
