package io.energycorrelator.dashboard;

import org.apache.camel.Header;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's static files, served by the service itself so that the page works without internet access:
 * the page, its script and style, and the chart library uPlot from its WebJar. Only these names are served;
 * all are read once, at start-up (a build that lacks one does not start).
 *
 * <p>Why ours: platform-http's static files ({@code camel.server.staticSourceDir}) serve one whole folder, where the page needs its own three files and one file of uPlot's WebJar, and nothing else (DashboardIT).
 */
public class DashboardFiles {

    /** A file as HTTP answers it. */
    public record File(int status, String contentType, byte[] content) {
    }

    public static final String PAGE = "index.html";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + webJarVersion("uplot") + "/dist/";
    private static final File NOT_FOUND = new File(404, "application/json",
            "{\"error\":\"no such dashboard file\"}".getBytes(StandardCharsets.UTF_8));

    private final Map<String, File> files = new LinkedHashMap<>();

    public DashboardFiles() {
        add(PAGE, "dashboard/index.html", "text/html; charset=utf-8");
        add("dashboard.js", "dashboard/dashboard.js", "text/javascript; charset=utf-8");
        add("dashboard.css", "dashboard/dashboard.css", "text/css; charset=utf-8");
        add("uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        add("uPlot.min.css", UPLOT + "uPlot.min.css", "text/css; charset=utf-8");
    }

    /** The file of that name (GET /dashboard/{file}), or a JSON 404. */
    public File file(@Header("file") String name) {
        return name == null ? NOT_FOUND : files.getOrDefault(name, NOT_FOUND);
    }

    /** GET /: the page. */
    public File page() {
        return files.get(PAGE);
    }

    private void add(String name, String resource, String contentType) {
        files.put(name, new File(200, contentType, read(resource)));
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard file " + resource + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of an npm WebJar on the classpath, from its Maven metadata. */
    private static String webJarVersion(String name) {
        Properties pom = new Properties();
        try (InputStream in = DashboardFiles.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The WebJar org.webjars.npm:" + name + " is not on the classpath");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }
}
