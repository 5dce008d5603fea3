package io.energycorrelator.support;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium driven through Selenium with Debian's chromedriver, both found (or installed, on
 * a machine that lacks them) by {@code scripts/chromium.sh ensure}. The browser has no internet: every host
 * name resolves to nothing, so a page that needed anything but the service itself would break in it.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    public static ChromeDriver start(int width, int height) throws IOException, InterruptedException {
        Map<String, String> paths = ensure();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(paths.get("CHROMIUM"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--lang=en-US", "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(paths.get("CHROMEDRIVER")))
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", "UTC", "LANG", "en_US.UTF-8"))
                .build();
        return new ChromeDriver(service, options);
    }

    /** CHROMIUM and CHROMEDRIVER, as the script prints them. */
    private static Map<String, String> ensure() throws IOException, InterruptedException {
        Path base = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        Process process = new ProcessBuilder("bash", base.resolve("scripts/chromium.sh").toString(), "ensure")
                .redirectError(ProcessBuilder.Redirect.INHERIT) // an install's progress goes to the test log
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("scripts/chromium.sh ensure failed (exit " + process.exitValue() + "); see its messages above");
        }
        Map<String, String> paths = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> paths.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return paths;
    }
}
