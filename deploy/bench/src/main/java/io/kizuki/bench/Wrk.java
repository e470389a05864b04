package io.kizuki.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (Debian package {@code wrk}), a closed-model load generator: {@code threads} threads keep
 * {@code connections} connections busy for the duration. Used for throughput; latency under a fixed arrival rate is
 * {@link OpenLoad}'s job.
 */
final class Wrk {

    /** What one wrk run measured. */
    record Result(double requestsPerSecond, long requests, long failed, String output) {

        boolean allSucceeded() {
            return requests > 0 && failed == 0;
        }
    }

    static final String GROUP_PLACEHOLDER = "@@GROUP@@";
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Path workDir;

    Wrk(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * POSTs {@code body} to {@code url}. Every {@link #GROUP_PLACEHOLDER} in the body is replaced by a name unique to
     * each request when {@code unique} is set (every request a new alert), else by {@code fixedGroup}.
     */
    Result post(
            String name,
            String url,
            Map<String, String> headers,
            String body,
            boolean unique,
            String fixedGroup,
            int threads,
            int connections,
            Duration duration) {
        StringBuilder lua = new StringBuilder();
        lua.append("wrk.method = \"POST\"\n");
        headers.forEach((key, value) -> lua.append("wrk.headers[\"")
                .append(key)
                .append("\"] = \"")
                .append(value)
                .append("\"\n"));
        lua.append("local template = [==[").append(body).append("]==]\n");
        if (unique) {
            lua.append("""
                    local threads = 0
                    function setup(thread)
                      threads = threads + 1
                      thread:set("tid", threads)
                    end
                    local counter = 0
                    request = function()
                      counter = counter + 1
                      local group = "%s-" .. tid .. "-" .. counter
                      return wrk.format(nil, nil, nil, (template:gsub("%s", group)))
                    end
                    """.formatted(name, GROUP_PLACEHOLDER));
        } else {
            lua.append("wrk.body = (template:gsub(\"")
                    .append(GROUP_PLACEHOLDER)
                    .append("\", \"")
                    .append(fixedGroup)
                    .append("\"))\n");
        }
        try {
            Path script = workDir.resolve("wrk-" + name + ".lua");
            Files.writeString(script, lua, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(
                    "wrk",
                    "-t" + threads,
                    "-c" + connections,
                    "-d" + Math.max(1, duration.toSeconds()) + "s",
                    "-s",
                    script.toString(),
                    url));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("wrk failed:\n" + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run wrk (is the Debian package wrk installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result parse(String output) {
        long failed = longOf(NON_2XX, output, 1);
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                failed += Long.parseLong(socket.group(group));
            }
        }
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalStateException("wrk printed no rate:\n" + output);
        }
        return new Result(Double.parseDouble(rate.group(1)), longOf(REQUESTS, output, 1), failed, output);
    }

    private static long longOf(Pattern pattern, String text, int group) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(group)) : 0;
    }
}
