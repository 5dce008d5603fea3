package io.energycorrelator.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one real InfluxDB server of a test JVM, started by {@code scripts/influxdb.sh start} (which builds
 * influxd on first use). {@code --watch-pid} makes the server go when this JVM goes, however it ends.
 */
public final class InfluxDbServer implements InfluxDb {

    private static InfluxDbServer instance;

    private final String url;
    private final String token;
    private final String org;
    private final Path dataDir;
    private final String version;

    private InfluxDbServer(Map<String, String> vars) throws IOException, InterruptedException {
        this.url = vars.get("INFLUXDB_URL");
        this.token = vars.get("INFLUXDB_TOKEN");
        this.org = vars.get("INFLUXDB_ORG");
        this.dataDir = Path.of(vars.get("INFLUXDB_DATA_DIR"));
        this.version = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url + "/ping")).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("X-Influxdb-Version").orElse("unknown");
    }

    /** Starts the server on first call; later calls get the same one. */
    public static synchronized InfluxDbServer get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new IllegalStateException("Could not start InfluxDB through scripts/influxdb.sh: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "influxd-stop"));
            System.out.printf("InfluxDB under test: version %s at %s (data %s)%n", instance.version, instance.url, instance.dataDir);
        }
        return instance;
    }

    private static InfluxDbServer start() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", script().toString(), "start",
                "--watch-pid", Long.toString(ProcessHandle.current().pid()))
                .redirectError(ProcessBuilder.Redirect.INHERIT) // build progress and errors go to the test log
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("scripts/influxdb.sh start failed (exit " + process.exitValue() + "); see its messages above");
        }
        Map<String, String> vars = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new InfluxDbServer(vars);
    }

    private void stop() {
        try {
            new ProcessBuilder("bash", script().toString(), "stop", "--data-dir", dataDir.toString())
                    .inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("Could not stop InfluxDB: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Path script() {
        Path base = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        Path script = base.resolve("scripts/influxdb.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("scripts/influxdb.sh not found under " + base);
        }
        return script;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String org() {
        return org;
    }

    public String version() {
        return version;
    }

    public Path dataDir() {
        return dataDir;
    }
}
