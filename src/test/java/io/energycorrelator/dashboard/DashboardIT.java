package io.energycorrelator.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.HeadlessChromium;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LineProtocol;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.SmallHouse;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium, on the real service and InfluxDB with demo-like data: the page
 * shows exactly what the JSON endpoints answer, charts the power around the correlation picked, refreshes by
 * itself, fits a phone's screen, and needs nothing but the service. Screenshots go to target/.
 */
@ExtendWith(InfluxDbExtension.class)
class DashboardIT {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1000;
    private static final SmallHouse HOUSE = SmallHouse.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1200));

    private static TestBucket bucket;
    private static RunningService service;
    private static ChromeDriver browser;

    @BeforeAll
    static void start(TestBucket testBucket) throws Exception {
        bucket = testBucket;
        HOUSE.writeTo(bucket);
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.lookback-minutes", "60");
        service = RunningService.start(settings);
        service.awaitCycles(1);
        browser = HeadlessChromium.start(WIDTH, HEIGHT);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        service.close();
    }

    /** Each test starts from a freshly loaded page, its first refresh done and its newest correlation charted. */
    @BeforeEach
    void open() {
        browser.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        browser.get(service.uri("/").toString());
        waitFor("the first load", "return window.dashboard && window.dashboard.loads >= 1 && window.dashboard.shown !== null");
    }

    @Test
    void theTableListsExactlyTheCorrelationsTheApiReturns() throws Exception {
        JsonNode api = service.get("/api/correlations?limit=50").json();
        List<WebElement> rows = browser.findElements(By.cssSelector("#correlations tbody tr"));

        assertThat(api).hasSize(HOUSE.switches().size());
        assertThat(rows).hasSize(api.size());
        for (int i = 0; i < rows.size(); i++) {
            WebElement row = rows.get(i);
            JsonNode c = api.get(i);
            assertThat(row.findElement(By.cssSelector("td.time time")).getAttribute("datetime")).isEqualTo(c.get("time").asText());
            assertThat(text(row, "td.device")).isEqualTo(c.get("entity_id").asText());
            assertThat(text(row, "td.change")).isEqualTo(c.get("previous_state").asText() + " → " + c.get("state").asText());
            assertThat(text(row, "td.step")).isEqualTo(step(c.get("power_delta_w").asDouble()));
            assertThat(text(row, "td.uncertainty")).isEqualTo(String.format(Locale.US, "± %,d W", Math.round(c.get("power_delta_uncertainty_w").asDouble())));
            assertThat(text(row, "td.confidence")).isEqualTo(Math.round(c.get("confidence").asDouble() * 100) + "%");
            long overlapping = c.get("overlapping_events").asLong();
            assertThat(text(row, "td.overlapping")).isEqualTo(overlapping > 0 ? "yes (" + overlapping + ")" : "no");
        }
        // The house's own story, newest first: the hall light and the TV overlap, the kettle's steps are clean.
        assertThat(rows.stream().map(r -> text(r, "td.device")))
                .containsExactly("light.hall", "switch.tv", "switch.kitchen_kettle", "switch.kitchen_kettle");
        assertThat(rows.stream().map(r -> text(r, "td.step"))).containsExactly("+180 W", "+180 W", "-2,000 W", "+2,000 W");
        assertThat(rows.stream().map(r -> text(r, "td.overlapping"))).containsExactly("yes (1)", "yes (1)", "no", "no");
    }

    @Test
    void theChartShowsThePowerAroundTheNewestCorrelation() throws Exception {
        JsonNode newest = service.get("/api/correlations?limit=1").json().get(0);

        assertShown(newest);
        assertThat(browser.findElement(By.cssSelector("#correlations tbody tr.selected")).getAttribute("data-key"))
                .isEqualTo(key(newest));
        assertThat(browser.findElement(By.id("chart-caption")).getText())
                .isEqualTo("light.hall off → on at " + browser.findElement(By.cssSelector("#correlations tbody tr.selected td.time")).getText()
                        + ": 300 W → 480 W (+180 W)");
        assertThat(browser.findElement(By.id("legend-before")).getText()).isEqualTo("300 W");
        assertThat(browser.findElement(By.id("legend-after")).getText()).isEqualTo("480 W");
        assertThat(browser.findElement(By.id("legend-step")).getText()).isEqualTo("+180 W");
        Path png = screenshot("dashboard-it.png");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);
    }

    @Test
    void clickingACorrelationChartsThePowerAroundIt() throws Exception {
        JsonNode kettleOn = correlation(HOUSE.kettleOn());
        WebElement row = browser.findElement(By.cssSelector("#correlations tbody tr[data-key='" + key(kettleOn) + "']"));

        row.click();

        assertShown(kettleOn);
        assertThat(browser.findElements(By.cssSelector("#correlations tbody tr.selected")))
                .singleElement().extracting(e -> e.getAttribute("data-key")).isEqualTo(key(kettleOn));
        assertThat(browser.findElement(By.id("legend-step")).getText()).isEqualTo("+2,000 W");
        // The next refresh keeps the correlation picked (it does not jump back to the newest).
        long loads = ((Number) browser.executeScript("return window.dashboard.loads")).longValue();
        waitFor("the next refresh", "return window.dashboard.loads > " + loads, Duration.ofSeconds(25));
        assertThat(browser.executeScript("return window.dashboard.shown.key")).isEqualTo(key(kettleOn));
        assertThat(browser.findElement(By.cssSelector("#correlations tbody tr.selected")).getAttribute("data-key"))
                .isEqualTo(key(kettleOn));
    }

    @Test
    void theKeyboardPicksACorrelationToo() throws Exception {
        JsonNode tvOn = correlation(HOUSE.tvOn());
        WebElement row = browser.findElement(By.cssSelector("#correlations tbody tr[data-key='" + key(tvOn) + "']"));

        row.sendKeys("\n");

        assertShown(tvOn);
    }

    @Test
    void theDevicesTableShowsWhatDevicesAnswers() throws Exception {
        ApiClient.Response devices = service.get("/devices");
        boolean none = devices.status() == 404 || devices.json().isEmpty();

        if (none) {
            // Until device profiles exist (404) or while there are none ([]): an empty state, no empty table.
            assertThat(browser.findElement(By.id("devices-empty")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("devices")).isDisplayed()).isFalse();
        } else {
            assertThat(browser.findElements(By.cssSelector("#devices tbody tr"))).hasSize(devices.json().size());
            assertThat(browser.findElement(By.id("devices-empty")).isDisplayed()).isFalse();
        }
    }

    @Test
    void theDevicesTableShowsTheProfilesShape() {
        // The shape GET /devices answers with device profiles, drawn by the page's own code.
        List<Map<String, Object>> profiles = List.of(
                Map.of("entity_id", "switch.kitchen_kettle", "typical_power_w", 2003.4, "energy_today_wh", 1234.5,
                        "energy_today_wh_low", 925.9, "energy_today_wh_high", 1962.9, "energy_today_confidence", 0.727,
                        "estimate_source", "profile", "energy_yesterday_wh", 850.2, "transitions", List.of(
                                Map.of("transition", "off→on", "typical_step_w", 2003.4, "spread_w", 14.6, "count", 12, "confidence", 0.95),
                                Map.of("transition", "on→off", "typical_step_w", -1998.0, "spread_w", 9.0, "count", 11, "confidence", 0.9))),
                Map.of("entity_id", "light.hall", "typical_power_w", 60, "energy_today_wh", 12, "energy_today_wh_low", 10.3,
                        "energy_today_wh_high", 82.3, "energy_today_confidence", 0.677, "estimate_source", "configured",
                        "energy_yesterday_wh", 0, "transitions", List.of()),
                Map.of("entity_id", "switch.fan", "typical_power_w", 40, "transitions", List.of()));

        @SuppressWarnings("unchecked")
        List<List<String>> cells = (List<List<String>>) browser.executeScript("""
                window.dashboard.renderDevices(arguments[0]);
                return [...document.querySelectorAll('#devices tbody tr')].map(r => [...r.cells].map(c => c.innerText));""",
                profiles);

        assertThat(cells).containsExactly(
                List.of("switch.kitchen_kettle", "2,003 W", "1.23 kWh", "926 Wh–1.96 kWh (73%)", "850 Wh",
                        "off→on +2,003 W ±15 W (12×, 95%)\non→off -1,998 W ±9 W (11×, 90%)"),
                List.of("light.hall", "60 W", "12 Wh", "10 Wh–82 Wh (68%, configured)", "0 Wh", ""),
                List.of("switch.fan", "40 W", "—", "—", "—", ""));
        assertThat(browser.findElement(By.id("devices-empty")).isDisplayed()).isFalse();
    }

    @Test
    void itRefreshesByItself() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        bucket.write("event_energy_correlation,domain=fan,entity_id=fan.bedroom,previous_state=off,state=on"
                + " power_before_w=300,power_after_w=345,power_delta_w=45,power_delta_pct=15,overlapping_events=0i,confidence=1 "
                + LineProtocol.nanos(t));
        try {
            waitFor("the new correlation on the page", "return document.querySelectorAll('#correlations tbody tr').length === 5",
                    Duration.ofSeconds(25));

            assertThat(text(browser.findElement(By.cssSelector("#correlations tbody tr")), "td.device")).isEqualTo("fan.bedroom");
            // No correlation had been picked: the chart follows the newest.
            waitFor("the chart of the new correlation", "return window.dashboard.shown.key === '" + t + "|fan.bedroom'");
            assertThat(browser.executeScript("return window.dashboard.chart.data[1]")).isEqualTo(List.of());
            // Its window reaches 30 s past now: readings that come later are charted by the next refreshes.
            bucket.write(LineProtocol.meter(t.minusSeconds(5), 300), LineProtocol.meter(t.plusSeconds(5), 345));
            waitFor("the readings that came", "return window.dashboard.chart.data[1].length === 2", Duration.ofSeconds(25));
            assertThat(browser.executeScript("return window.dashboard.chart.data[1]")).isEqualTo(List.of(300L, 345L));
        } finally {
            // The other tests see the house's four correlations only.
            bucket.client().getDeleteApi().delete(OffsetDateTime.ofInstant(t, ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(t.plusSeconds(1), ZoneOffset.UTC),
                    "_measurement=\"event_energy_correlation\" AND entity_id=\"fan.bedroom\"", bucket.name(), bucket.org());
        }
    }

    @Test
    void onAPhoneTheDashboardFitsTheScreen() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        waitFor("the first load", "return window.dashboard && window.dashboard.loads >= 1 && window.dashboard.shown !== null");

        long viewport = ((Number) browser.executeScript("return document.documentElement.clientWidth")).longValue();
        long content = ((Number) browser.executeScript("return document.documentElement.scrollWidth")).longValue();
        long chart = ((Number) browser.executeScript("return document.querySelector('#chart canvas').getBoundingClientRect().right")).longValue();
        assertThat(content).isLessThanOrEqualTo(viewport);
        assertThat(chart).isLessThanOrEqualTo(viewport);
        // Each row is a card whose cells carry their column's name; the table head is hidden.
        assertThat(browser.findElement(By.cssSelector("#correlations thead")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.cssSelector("#correlations tbody td.step")).getAttribute("data-label")).isEqualTo("Step");
        screenshot("dashboard-it-phone.png");
    }

    @Test
    void everythingComesFromTheServiceItself() {
        String origin = service.uri("/").toString().replaceAll("/$", "");
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");

        assertThat(resources).isNotEmpty().allMatch(url -> url.startsWith(origin + "/"), "served by " + origin);
        assertThat(resources).anyMatch(url -> url.endsWith("/dashboard/uPlot.iife.min.js"));
        assertThat(browser.executeScript("return typeof uPlot")).isEqualTo("function");
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            // GET /devices answers 404 until device profiles exist: the page shows its empty state for it.
            if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && !entry.getMessage().contains("/devices - Failed to load resource: the server responded with a status of 404")) {
                errors.add(entry.getMessage());
            }
        }
        assertThat(errors).isEmpty();
    }

    /** The chart holds exactly the meter readings the API answers around c, and c's levels before and after. */
    private void assertShown(JsonNode c) throws Exception {
        waitFor("the chart of " + key(c), "return window.dashboard.shown && window.dashboard.shown.key === '" + key(c) + "'");
        JsonNode meter = service.get("/api/meter?around=" + URLEncoder.encode(c.get("time").asText(), StandardCharsets.UTF_8)
                + "&seconds=60").json();
        @SuppressWarnings("unchecked")
        List<List<Object>> data = (List<List<Object>>) browser.executeScript("return window.dashboard.chart.data");
        double t0 = seconds(c.get("time").asText());
        List<Double> xs = new ArrayList<>();
        List<Double> watts = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (JsonNode reading : meter.get("readings")) {
            double x = seconds(reading.get("time").asText());
            xs.add(x);
            watts.add(reading.get("watts").asDouble());
            before.add(x < t0 ? c.get("power_before_w").asDouble() : null);
            after.add(x >= t0 ? c.get("power_after_w").asDouble() : null);
        }
        assertThat(meter.get("readings")).hasSize(60);
        assertThat(doubles(data.get(0))).containsExactlyElementsOf(xs);
        assertThat(doubles(data.get(1))).containsExactlyElementsOf(watts);
        assertThat(doubles(data.get(2))).containsExactlyElementsOf(before);
        assertThat(doubles(data.get(3))).containsExactlyElementsOf(after);
        assertThat(browser.findElement(By.id("chart-caption")).getText()).startsWith(c.get("entity_id").asText() + " ");
    }

    private static JsonNode correlation(SmallHouse.Switch change) throws Exception {
        for (JsonNode c : service.get("/api/correlations").json()) {
            if (c.get("time").asText().equals(change.time().toString()) && c.get("entity_id").asText().equals(change.entityId())) {
                return c;
            }
        }
        throw new AssertionError("no correlation of " + change);
    }

    private static String key(JsonNode c) {
        return c.get("time").asText() + "|" + c.get("entity_id").asText();
    }

    /** What the page's clock reads: milliseconds (Date's precision) as seconds. */
    private static double seconds(String rfc3339) {
        return Instant.parse(rfc3339).toEpochMilli() / 1000.0;
    }

    private static List<Double> doubles(List<Object> values) {
        return values.stream().map(v -> v == null ? null : ((Number) v).doubleValue()).toList();
    }

    /** The step as the page writes it: signed, rounded to the watt, grouped by thousands. */
    private static String step(double watts) {
        long rounded = Math.round(watts);
        return (rounded < 0 ? "-" : "+") + String.format(Locale.US, "%,d", Math.abs(rounded)) + " W";
    }

    private static String text(WebElement row, String css) {
        return row.findElement(By.cssSelector(css)).getText();
    }

    private static void waitFor(String what, String script) {
        waitFor(what, script, Duration.ofSeconds(20));
    }

    private static void waitFor(String what, String script, Duration timeout) {
        new WebDriverWait(browser, timeout).withMessage(what)
                .until(driver -> Boolean.TRUE.equals(((ChromeDriver) driver).executeScript(script)));
    }

    private static Path screenshot(String name) throws Exception {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path file = Path.of("target", name);
        Files.createDirectories(file.getParent());
        Files.write(file, png);
        assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
        return file;
    }
}
