package io.energycorrelator.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.HeadlessChromium;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.IngressProxy;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.SmallHouse;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as Home Assistant shows an add-on's page: under the ingress path prefix
 * ({@code /api/hassio_ingress/<token>/}), through a real proxy that strips it and sends {@code X-Ingress-Path}
 * (scripts/ingress-proxy.sh). In a real headless Chromium, every file and every JSON request goes through the
 * prefix, and the page shows exactly what the service answers.
 */
@ExtendWith(InfluxDbExtension.class)
class DashboardIngressIT {

    private static final String PREFIX = "/api/hassio_ingress/Xq3v9ZtW0fKpL2mB7cRsJ4dYhN8eGuA1";
    private static final SmallHouse HOUSE = SmallHouse.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1200));

    private static RunningService service;
    private static IngressProxy ingress;
    private static ChromeDriver browser;

    @BeforeAll
    static void start(TestBucket bucket) throws Exception {
        HOUSE.writeTo(bucket);
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.lookback-minutes", "60");
        service = RunningService.start(settings);
        service.awaitCycles(1);
        ingress = IngressProxy.start(service.uri("/").getPort(), PREFIX);
        browser = HeadlessChromium.start(1280, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (ingress != null) {
            ingress.close();
        }
        service.close();
    }

    @Test
    void underTheIngressPrefixThePageLoadsEverythingThroughItAndShowsTheCorrelations() throws Exception {
        browser.get(ingress.url().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage("the first load through the ingress prefix")
                .until(b -> Boolean.TRUE.equals(browser.executeScript(
                        "return window.dashboard && window.dashboard.loads >= 1 && window.dashboard.shown !== null")));

        JsonNode api = service.get("/api/correlations?limit=50").json();
        List<WebElement> rows = browser.findElements(By.cssSelector("#correlations tbody tr"));
        assertThat(rows).hasSize(api.size()).hasSize(HOUSE.switches().size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).findElement(By.cssSelector("td.device")).getText()).isEqualTo(api.get(i).get("entity_id").asText());
            assertThat(rows.get(i).findElement(By.cssSelector("td.time time")).getAttribute("datetime"))
                    .isEqualTo(api.get(i).get("time").asText());
        }
        // The chart of the newest correlation: its meter readings came through the prefix too.
        assertThat(browser.executeScript("return window.dashboard.shown.key"))
                .isEqualTo(api.get(0).get("time").asText() + "|" + api.get(0).get("entity_id").asText());
        assertThat(browser.executeScript("return window.dashboard.chart.data[1].length")).isEqualTo(60L);

        // Every file and every request of the page was under the prefix, and the proxy saw nothing outside it.
        String base = ingress.url().toString();
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(resources).allMatch(url -> url.startsWith(base), "under " + base)
                .anyMatch(url -> url.equals(base + "dashboard/dashboard.js"))
                .anyMatch(url -> url.equals(base + "dashboard/uPlot.iife.min.js"))
                .anyMatch(url -> url.startsWith(base + "api/correlations?"))
                .anyMatch(url -> url.startsWith(base + "api/meter?"))
                .anyMatch(url -> url.equals(base + "health"));
        List<String> requests = ingress.requests();
        assertThat(requests).isNotEmpty().allMatch(line -> line.startsWith("GET " + PREFIX + "/"), "under the prefix");
        assertThat(requests).contains("GET " + PREFIX + "/ HTTP/1.1", "GET " + PREFIX + "/dashboard/dashboard.css HTTP/1.1",
                "GET " + PREFIX + "/dashboard/uPlot.min.css HTTP/1.1");
        // The page's links to the JSON endpoints stay under the prefix as well.
        @SuppressWarnings("unchecked")
        List<String> links = (List<String>) browser.executeScript("return [...document.querySelectorAll('a[href]')].map(a => a.href)");
        assertThat(links).isNotEmpty().allMatch(url -> url.startsWith(base), "under " + base);
    }
}
