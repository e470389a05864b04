package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.kizuki.bench.Tools;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (packages chromium and chromium-driver, installed
 * with apt-get on first use when the tests run as root; Selenium Manager is never asked to download anything). Screenshots of each step go to
 * {@code target/console-screenshots}, kept as the test's artifacts.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final String name;
    private int step;

    private Browser(String name, int width, int height, boolean mobile, String language) {
        this.name = name;
        try {
            profile = Files.createTempDirectory("kizuki-chromium-");
            Files.createDirectories(profile.resolve("downloads"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root, in a sandbox with no network beyond loopback: no sandbox of its own, nothing fetched in the
        // background
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--lang=" + language);
        // the languages pages are asked in (navigator.languages), as a browser set to that language asks; files
        // downloaded go to the profile's downloads folder, without asking
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "intl.accept_languages",
                        language,
                        "download.default_directory",
                        downloads().toString(),
                        "download.prompt_for_download",
                        false));
        if (mobile) {
            options.setExperimentalOption(
                    "mobileEmulation",
                    Map.of(
                            "deviceMetrics",
                            Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true)));
        }
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    /** Where this browser saves the files it downloads. */
    Path downloads() {
        return profile.resolve("downloads");
    }

    /** A new browser (its own profile: no cookies, no Keycloak session) with a desktop-sized window. */
    static Browser open(String name) {
        install();
        return new Browser(name, 1280, 1000, false, "en-GB");
    }

    /** A new browser showing pages as a phone would: 390 × 844 CSS pixels, touch. */
    static Browser phone(String name) {
        return phone(name, "en-GB");
    }

    /** A phone whose browser's language is {@code language} ({@code ja}: the console's pages in Japanese). */
    static Browser phone(String name, String language) {
        install();
        return new Browser(name, 390, 844, true, language);
    }

    /**
     * Installs Debian's chromium and chromium-driver (and fonts to render text with, Japanese included) when missing, as
     * root.
     */
    static void install() {
        Tools.require(
                "the browser tests",
                List.of("chromium", "chromium-driver", "fonts-liberation", "fonts-vlgothic"),
                List.of("chromium", "chromedriver"));
    }

    /** Has pages see the system set to dark (CSS {@code prefers-color-scheme: dark}), as a phone at night is. */
    Browser dark() {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        return this;
    }

    WebDriver driver() {
        return driver;
    }

    void get(String url) {
        driver.get(url);
    }

    /** Signs in on Keycloak's own sign-in page (where the console sends a browser without a session). */
    void signIn(String username, String password) {
        WebElement user = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        screenshot("keycloak-sign-in");
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, PATIENCE).until(condition);
        } catch (RuntimeException e) {
            screenshot("failed");
            throw new AssertionError(
                    e.getMessage() + "\nin " + driver.getCurrentUrl() + "\nbrowser log:\n" + String.join("\n", log()),
                    e);
        }
    }

    WebElement find(String css) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Saves a screenshot of the step as {@code <browser>-<nn>-<step>.png}. */
    void screenshot(String what) {
        step++;
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot =
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(
                    shot,
                    SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", name, step, what)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.out.println("no screenshot of " + name + " " + what + ": " + e);
        }
    }

    /** What the page wrote to its console (errors, CSP violations), for a failure's message. */
    List<String> log() {
        List<String> lines = new ArrayList<>();
        try {
            driver.manage().logs().get(LogType.BROWSER).forEach(entry -> lines.add(entry.toString()));
        } catch (RuntimeException e) {
            lines.add("(log unavailable: " + e.getMessage() + ")");
        }
        return lines;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("left " + profile + ": " + e);
        }
    }
}
