package io.energycorrelator.dashboard;

import io.energycorrelator.support.HeadlessChromium;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.SmallHouse;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium on a service with an API key: every endpoint it reads but /health
 * answers 401 without the key, so the page asks for it, once (a wrong key is asked again), keeps it for the
 * next visits and sends it as the X-API-Key header, never in a URL. Screenshot: target/dashboard-key-it.png.
 */
@ExtendWith(InfluxDbExtension.class)
class DashboardKeyIT {

    private static final String KEY = "key-" + UUID.randomUUID();
    private static final SmallHouse HOUSE = SmallHouse.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1200));

    private static RunningService service;
    private static ChromeDriver browser;

    @BeforeAll
    static void start(TestBucket bucket) throws Exception {
        HOUSE.writeTo(bucket);
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.lookback-minutes", "60");
        settings.put("correlator.api-key", KEY);
        service = RunningService.start(settings);
        service.awaitCycles(1);
        browser = HeadlessChromium.start(1280, 1000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        service.close();
    }

    @Test
    void thePageAsksForTheKeyOnceAndSendsItAsAHeader() throws Exception {
        browser.get(service.uri("/").toString());
        waitFor("the key form", "return window.dashboard && window.dashboard.locked");
        WebElement form = browser.findElement(By.id("key-form"));

        assertThat(form.isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("key-message")).getText()).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#correlations tbody tr"))).isEmpty();
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("healthy").contains("the data needs the API key");
        screenshot("dashboard-key-it.png");

        // a wrong key: asked again, saying so
        enterKey("not-" + KEY);
        waitFor("the form again", "return window.dashboard.locked && !document.getElementById('key-form').hidden");
        assertThat(browser.findElement(By.id("key-message")).getText()).isEqualTo("That key was not accepted.");
        assertThat(browser.findElements(By.cssSelector("#correlations tbody tr"))).isEmpty();

        enterKey(KEY);
        waitFor("the data", "return !window.dashboard.locked && window.dashboard.loads >= 1 && window.dashboard.shown !== null");
        assertThat(form.isDisplayed()).isFalse();
        assertThat(devices()).containsExactly("light.hall", "switch.tv", "switch.kitchen_kettle", "switch.kitchen_kettle");
        assertThat(browser.executeScript("return window.dashboard.chart.data[1].length")).isEqualTo(60L);
        assertThat(browser.findElement(By.id("forget-key")).isDisplayed()).isTrue();

        // asked once: a new visit reads the data at once, with the key kept
        browser.navigate().refresh();
        waitFor("the data at once", "return window.dashboard && window.dashboard.loads >= 1 && window.dashboard.shown !== null");
        assertThat(browser.executeScript("return window.dashboard.locked")).isEqualTo(false);
        assertThat(browser.findElement(By.id("key-form")).isDisplayed()).isFalse();
        assertThat(devices()).hasSize(4);
        // sent as a header: the data endpoints answer nothing without it, and no URL the page asked for holds it
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(urls).anyMatch(u -> u.contains("/api/meter?around=")).noneMatch(u -> u.contains(KEY));
        assertThat(service.get("/api/correlations").status()).isEqualTo(401);

        // forgotten: asked again
        browser.findElement(By.id("forget-key")).click();
        waitFor("the key form after forgetting it", "return window.dashboard && window.dashboard.locked");
        assertThat(browser.findElement(By.id("key-form")).isDisplayed()).isTrue();
        assertThat(browser.executeScript("return localStorage.length")).isEqualTo(0L);
    }

    private static void enterKey(String key) {
        browser.findElement(By.id("key-input")).sendKeys(key);
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
    }

    private static List<String> devices() {
        return browser.findElements(By.cssSelector("#correlations tbody tr td.device")).stream().map(WebElement::getText).toList();
    }

    private static void waitFor(String what, String script) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(what)
                .until(driver -> Boolean.TRUE.equals(((ChromeDriver) driver).executeScript(script)));
    }

    private static void screenshot(String name) throws Exception {
        Path file = Path.of("target", name);
        Files.createDirectories(file.getParent());
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    }
}
