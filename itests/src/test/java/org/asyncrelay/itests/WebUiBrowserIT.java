package org.asyncrelay.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * #8: the web UI in a real headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs) against bin/relay: the status page, a validation error shown at its line, a
 * saved change applied, the backend test, a phone-width layout. Screenshots go to
 * target/screenshots/.
 */
class WebUiBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path work;

    Process relay;
    ChromeDriver browser;

    @RegisterExtension
    final ProcessEvidence evidence = new ProcessEvidence(() -> work, () -> relay == null ? List.of() : List.of(relay));

    /** #13: what the page showed when a step failed, beside the relay's output. */
    @RegisterExtension
    final AfterTestExecutionCallback page = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            screenshot("failure");
            System.out.println("---- page text at the failure\n"
                    + ((JavascriptExecutor) browser).executeScript("return document.body.innerText"));
        }
    };

    @BeforeEach
    void browser() throws IOException {
        assertThat(CHROMIUM)
                .as("chromium installed (apt-get install chromium chromium-driver)")
                .isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver installed").isExecutable();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (relay != null) {
            RelayProcess.kill(relay);
        }
    }

    @Test
    void statusEditorAndBackendTestInARealBrowser() throws Exception {
        try (ServerSocket backend = Loopback.echo("B:")) {
            int webPort = Loopback.freePort();
            int relayPort = Loopback.freePort();
            Path config = startRelay(yaml(webPort, relayPort, backend.getLocalPort()));
            await().atMost(RelayProcess.START)
                    .until(() -> RelayLauncherIT.listening(webPort) && RelayLauncherIT.listening(relayPort));
            awaitThePage(webPort);
            assertThat(Loopback.exchange(relayPort, "hello")).isEqualTo("B:hello");

            // #14: without authentication the UI reads, and says why a change is refused
            browser.get("http://127.0.0.1:" + webPort + "/");
            waitFor(By.cssSelector("[data-service='ui-demo']"));
            browser.findElement(By.cssSelector("[data-service='ui-demo'] [data-backend] button[data-action='drain']"))
                    .click();
            // textContent: the next refresh of the status hides the message, but leaves its text
            until(() -> browser.findElement(By.id("status-error"))
                    .getAttribute("textContent")
                    .contains("read-only"));
            browser.findElement(By.id("nav-config")).click();
            until(() -> browser.findElement(By.id("read-only")).isDisplayed());
            assertThat(browser.findElement(By.id("hook-note")).isDisplayed()).isTrue();
            screenshot("0-read-only");
            browser.findElement(By.id("nav-status")).click();

            // with Basic auth on: a page opened as http://user:password@host/ works; without, 401
            Files.writeString(
                    config,
                    yaml(webPort, relayPort, backend.getLocalPort())
                            .replace(
                                    "  enabled: true\n",
                                    "  enabled: true\n  auth: {enabled: true, username: admin, password: \"s3cret\"}\n"));
            await().atMost(WAIT).ignoreExceptions().until(() -> Http.at(webPort).get("/api/status").status == 401);
            Http admin = Http.at(webPort).as("admin", "s3cret");

            // the status page refreshes itself: the service, its backend and the connection just made
            String base = "http://admin:s3cret@127.0.0.1:" + webPort + "/";
            browser.get(base);
            WebElement card = waitFor(By.cssSelector("[data-service='ui-demo']"));
            assertThat(browser.findElement(By.id("status-error")).isDisplayed()).isFalse();
            assertThat(card.getText()).contains("ui-demo", "RUNNING", "tcp 127.0.0.1:" + relayPort);
            assertThat(browser.findElement(By.cssSelector("[data-service='ui-demo'] [data-backend]"))
                            .getText())
                    .contains("127.0.0.1:" + backend.getLocalPort(), "AVAILABLE");
            assertThat(Loopback.exchange(relayPort, "again")).isEqualTo("B:again");
            // the page catches up with the relay's own count (which includes the test's port probes)
            long total = admin.get("/api/status")
                    .json()
                    .get("services")
                    .get(0)
                    .get("stats")
                    .get("tcp_connections")
                    .asLong();
            assertThat(total).isGreaterThanOrEqualTo(2);
            until(() -> browser.findElement(By.cssSelector("[data-service='ui-demo'] .counters"))
                    .getText()
                    .contains("TCP total " + total));
            assertThat(browser.findElement(By.id("source")).getText()).contains("config.yaml");
            // #19: the traffic control in force, in words
            assertThat(browser.findElement(By.cssSelector("[data-service='ui-demo'] [data-traffic-control]"))
                            .getText())
                    .isEqualTo("deny 1 network, at most 50 connections per client");

            // #18: the charts draw the relay's own per-second history: these connections, their bytes,
            // the backend's connect time; and the status fits 1280 px without a horizontal scroll bar
            for (int i = 0; i < 5; i++) {
                assertThat(Loopback.exchange(relayPort, "chart" + i)).isEqualTo("B:chart" + i);
            }
            By connections = By.cssSelector("[data-charts='ui-demo'] [data-chart='connections']");
            until(() -> Double.parseDouble(browser.findElement(connections).getAttribute("data-total")) >= 5);
            assertThat(Double.parseDouble(
                            browser.findElement(By.cssSelector("[data-charts='ui-demo'] [data-chart='bytes']"))
                                    .getAttribute("data-total")))
                    .isGreaterThanOrEqualTo(5 * ("chart0".length() + "B:chart0".length()));
            WebElement latency = browser.findElement(By.cssSelector("[data-charts='ui-demo'] [data-chart='latency']"));
            assertThat(latency.getText()).contains("127.0.0.1:" + backend.getLocalPort());
            assertThat(Double.parseDouble(latency.getAttribute("data-total"))).isPositive();
            assertThat(browser.findElements(
                            By.cssSelector("[data-charts='ui-demo'] [data-chart='connections'] polyline")))
                    .isNotEmpty();
            Object scrolling = ((JavascriptExecutor) browser)
                    .executeScript("return [...document.querySelectorAll('.scroll')]"
                            + ".filter(e => e.scrollWidth > e.clientWidth).length;");
            assertThat(((Number) scrolling).intValue())
                    .as("tables wider than the page at 1280 px")
                    .isZero();
            screenshot("1-status");

            // the operator's buttons: drain the backend, then enable it again
            By row = By.cssSelector("[data-service='ui-demo'] [data-backend]");
            browser.findElement(By.cssSelector("[data-service='ui-demo'] [data-backend] button[data-action='drain']"))
                    .click();
            until(() -> browser.findElement(row).getText().contains("DRAINING"));
            screenshot("1b-status-draining");
            browser.findElement(By.cssSelector("[data-service='ui-demo'] [data-backend] button[data-action='enable']"))
                    .click();
            until(() -> browser.findElement(row).getText().contains("AVAILABLE"));
            assertThat(Loopback.exchange(relayPort, "enabled")).isEqualTo("B:enabled");

            // the editor: an invalid edit is marked at its line before anything is saved
            browser.findElement(By.id("nav-config")).click();
            WebElement editor = waitFor(By.id("yaml"));
            until(() -> editor.getAttribute("value").contains("ui-demo"));
            screenshot("2-config");
            String text = editor.getAttribute("value");
            List<String> lines = text.lines().toList();
            int portLine = lines.indexOf("      port: " + relayPort) + 1;
            assertThat(portLine).isPositive();
            editor.clear();
            editor.sendKeys(text.replace("port: " + relayPort, "port: 99999"));
            WebElement marked = waitFor(By.cssSelector("#gutter span.error[data-line='" + portLine + "']"));
            assertThat(marked.getText()).isEqualTo(String.valueOf(portLine));
            assertThat(browser.findElement(By.id("problems")).getText())
                    .contains(
                            "line " + portLine + ":",
                            "services[0].listen.port: expected an integer 1-65535, got 99999");
            browser.findElement(By.id("save")).click();
            until(() -> browser.findElement(By.id("config-message")).getText().contains("not saved"));
            assertThat(work.resolve("config.runtime.yaml")).doesNotExist();
            screenshot("3-config-error");

            // a valid change is saved and applied: the service moves to another port
            int movedPort = Loopback.freePort();
            editor.clear();
            editor.sendKeys(text.replace("port: " + relayPort, "port: " + movedPort));
            browser.findElement(By.id("save")).click();
            until(() -> browser.findElement(By.id("config-message")).getText().contains("applied"));
            assertThat(work.resolve("config.runtime.yaml")).exists();
            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> Loopback.exchange(movedPort, "moved").equals("B:moved"));
            until(() -> browser.findElement(By.id("source")).getText().contains("UI changes"));
            screenshot("4-config-saved");
            browser.findElement(By.id("nav-status")).click();
            until(() -> browser.findElement(By.cssSelector("[data-service='ui-demo']"))
                    .getText()
                    .contains("127.0.0.1:" + movedPort));

            // the backend test form
            browser.findElement(By.id("nav-test")).click();
            WebElement input = waitFor(By.id("test-backend"));
            input.sendKeys("127.0.0.1:" + backend.getLocalPort());
            browser.findElement(By.id("test-submit")).click();
            until(() -> browser.findElement(By.id("test-result")).getText().startsWith("Reachable"));
            screenshot("5-backend-test");
            input.clear();
            input.sendKeys("nonsense");
            browser.findElement(By.id("test-submit")).click();
            until(() -> browser.findElement(By.id("test-result")).getText().contains("expected host:port"));

            // a phone's width: nothing wider than the screen but the tables' own scrolling
            browser.manage().window().setSize(new Dimension(390, 844));
            browser.findElement(By.id("nav-status")).click();
            waitFor(By.cssSelector("[data-service='ui-demo']"));
            waitFor(By.cssSelector("[data-charts='ui-demo'] [data-chart='latency']"));
            Object overflow = ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
            screenshot("6-status-phone");
        }
    }

    /**
     * The first element {@code by} finds, once displayed. The status page renders its services
     * again every few seconds: an element found just before a render is replaced (stale) by the
     * time it is asked whether it is displayed, and the next look finds the new one.
     */
    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    List<WebElement> found = d.findElements(by);
                    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
                });
    }

    /** #21: a relay with a cluster block shows its cluster: here one member, on loopback. */
    @Test
    void theStatusPageShowsTheCluster() throws Exception {
        try (ServerSocket backend = Loopback.echo("B:")) {
            int webPort = Loopback.freePort();
            int relayPort = Loopback.freePort();
            int clusterPort = Loopback.freePort();
            startRelay(yaml(webPort, relayPort, backend.getLocalPort())
                    + "cluster:\n  name: ui-cluster\n  listen: {address: 127.0.0.1, port: " + clusterPort + "}\n");
            await().atMost(RelayProcess.START).until(() -> RelayLauncherIT.listening(webPort));
            awaitThePage(webPort);

            browser.get("http://127.0.0.1:" + webPort + "/");
            until(() -> browser.findElement(By.id("cluster")).isDisplayed());
            until(() -> browser.findElement(By.id("cluster-members")).getText().contains("all running"));
            assertThat(browser.findElement(By.id("cluster-title")).getText()).isEqualTo("Cluster ui-cluster");
            assertThat(browser.findElement(By.id("cluster-config")).getText())
                    .startsWith("Configuration ")
                    .contains("from 127.0.0.1:" + clusterPort, "in force here");
            // a member describes itself once a second: the description that first shows its services
            // running may predate its joining the shared configuration ("none"; CI, session 12)
            until(() -> browser.findElement(By.id("cluster-members")).getText().contains("current"));
            assertThat(browser.findElement(By.id("cluster-members")).getText())
                    .contains("127.0.0.1:" + clusterPort + " (this relay)", "current");
            screenshot("5-cluster");
        }
    }

    /** Writes {@code yaml} as the work directory's config.yaml and starts bin/relay on it. */
    private Path startRelay(String yaml) throws IOException {
        Path config = work.resolve("config.yaml");
        Files.writeString(config, yaml);
        relay = RelayProcess.start(
                work, work.resolve("stdout.txt"), work.resolve("stderr.txt"), Loopback.freePort(), "-c", "config.yaml");
        return config;
    }

    /**
     * The UI's port is bound before its page is registered on it: a page loaded in between is a 404
     * that never refreshes itself (CI, session 17). The browser opens it once it is served.
     */
    private static void awaitThePage(int webPort) {
        await().atMost(WAIT).ignoreExceptions().until(() -> Http.at(webPort).get("/").status == 200);
    }

    private void until(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(WAIT).ignoreExceptions().until(condition);
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    static String yaml(int webPort, int relayPort, int backend) {
        return "web_ui:\n"
                + "  enabled: true\n"
                + "  port: " + webPort + "\n"
                + "services:\n"
                + "  - name: ui-demo\n"
                + "    protocol: tcp\n"
                + "    deny: [\"203.0.113.0/24\"]\n"
                + "    max_connections_per_client: 50\n"
                + "    listen:\n"
                + "      address: 127.0.0.1\n"
                + "      port: " + relayPort + "\n"
                + "    backends:\n"
                + "      - \"127.0.0.1:" + backend + "\"\n";
    }
}
