package io.kizuki.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.JavascriptExecutor;

import io.kizuki.bench.Tools;

/**
 * The accessibility check of the console's pages: axe-core (npm, installed into target/ once with the node found or
 * Debian's) run inside the page the browser shows, against WCAG 2.1 A and AA.
 */
final class Axe {

    private static final Path PACKAGE = Path.of(System.getProperty("kizuki.project.root", "../.."))
            .toAbsolutePath()
            .normalize()
            .resolve("deploy/system-tests/src/test/node/axe/package.json");
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
              .then(result => done(result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                  + v.nodes.map(n => n.target.join(' ')).join(', '))))
              .catch(error => done(['axe failed: ' + error]));
            """;
    private static String source;

    private Axe() {}

    /** What axe finds on the page the browser shows now: one line per rule broken, with where. */
    @SuppressWarnings("unchecked")
    static List<String> violations(Browser browser) {
        JavascriptExecutor page = (JavascriptExecutor) browser.driver();
        page.executeScript(source());
        return (List<String>) page.executeAsyncScript(RUN);
    }

    private static synchronized String source() {
        if (source == null) {
            Tools.require("the accessibility check", List.of("nodejs", "npm"), List.of("node", "npm"));
            try {
                Path work = Files.createDirectories(Path.of("target", "axe")).toAbsolutePath();
                Files.copy(PACKAGE, work.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
                Commands.run(work, Duration.ofMinutes(5), List.of("npm", "install", "--no-audit", "--no-fund"));
                source = Files.readString(work.resolve("node_modules/axe-core/axe.min.js"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install axe-core", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return source;
    }
}
