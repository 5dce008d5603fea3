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
 * influxd on first use), one per version asked for: 2.x, and 1.8 for the test classes marked {@link OnInfluxDb18}.
 * {@code --watch-pid} makes the server go when this JVM goes, however it ends.
 */
public final class InfluxDbServer implements InfluxDb {

    private static final Map<String, InfluxDbServer> INSTANCES = new HashMap<>();

    private final String url;
    private final String token;
    private final String org;
    private final Path dataDir;
    private final String version;
    private final boolean v18;

    private InfluxDbServer(Map<String, String> vars, boolean v18) throws IOException, InterruptedException {
        this.url = vars.get("INFLUXDB_URL");
        this.token = vars.get("INFLUXDB_TOKEN");
        this.org = vars.get("INFLUXDB_ORG");
        this.dataDir = Path.of(vars.get("INFLUXDB_DATA_DIR"));
        this.v18 = v18;
        this.version = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url + "/ping")).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("X-Influxdb-Version").orElse("unknown");
    }

    /** The 2.x server: started on first call; later calls get the same one. */
    public static InfluxDbServer get() {
        return get("2");
    }

    /** The server of that version ("2" or "1.8"): started on first call; later calls get the same one. */
    public static synchronized InfluxDbServer get(String requested) {
        InfluxDbServer instance = INSTANCES.get(requested);
        if (instance == null) {
            try {
                instance = start(requested);
            } catch (IOException e) {
                throw new IllegalStateException("Could not start InfluxDB through scripts/influxdb.sh: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            INSTANCES.put(requested, instance);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "influxd-stop"));
            System.out.printf("InfluxDB under test: version %s at %s (data %s)%n", instance.version, instance.url, instance.dataDir);
        }
        return instance;
    }

    private static InfluxDbServer start(String requested) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", script().toString(), "start", "--version", requested,
                "--watch-pid", Long.toString(ProcessHandle.current().pid()))
                .redirectError(ProcessBuilder.Redirect.INHERIT) // build progress and errors go to the test log
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("scripts/influxdb.sh start failed (exit " + process.exitValue() + "); see its messages above");
        }
        Map<String, String> vars = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new InfluxDbServer(vars, requested.equals("1.8"));
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

    @Override
    public boolean v18() {
        return v18;
    }

    public String version() {
        return version;
    }

    public Path dataDir() {
        return dataDir;
    }
}
