package io.energycorrelator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged service run as operators run it: {@code java -jar <project>/target/energy-correlator.jar} in a
 * working directory of its own, as a separate process, with exactly the environment a test gives it (and a free
 * HTTP_PORT). Its output goes to service.log in that directory.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int httpPort;

    private ServiceProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    public static ServiceProcess start(Path workingDirectory, Map<String, String> environment) throws IOException {
        Path project = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        Path jar = project.resolve("target/energy-correlator.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after `package`");
        }
        int httpPort = freePort();
        Path log = workingDirectory.resolve("service.log");
        ProcessBuilder java = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())
                .directory(workingDirectory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only what the test says: nothing of the developer's own INFLUXDB_*, MQTT_* or EXTENSIONS_DIR leaks in.
        Map<String, String> env = java.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        env.putAll(environment);
        env.put("HTTP_PORT", Integer.toString(httpPort));
        return new ServiceProcess(java.start(), log, httpPort);
    }

    /** Waits until the HTTP API answers: the routes have started. */
    public void awaitStarted(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                get("/health");
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("the service exited with " + process.exitValue() + " during start-up:\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the service did not answer /health within " + timeout + ":\n" + output());
                }
                Thread.sleep(200);
            }
        }
    }

    /** Waits until {@code /health} shows {@code more} cycles finished after the call; returns that answer. */
    public JsonNode awaitMoreCycles(int more, Duration timeout) throws IOException, InterruptedException {
        long target = get("/health").get("total_fetches").asLong() + more;
        return awaitHealth(h -> h.get("total_fetches").asLong() >= target, timeout);
    }

    /** Waits until {@code /health} satisfies the condition; returns that answer. */
    public JsonNode awaitHealth(Predicate<JsonNode> condition, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode health = get("/health");
        while (!condition.test(health)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/health did not reach the expected state within " + timeout + ": " + health);
            }
            Thread.sleep(200);
            health = get("/health");
        }
        return health;
    }

    /** Waits until the output holds the text; returns the output. */
    public String awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String output = output();
        while (!output.contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("the service's output never held \"" + text + "\":\n" + output);
            }
            Thread.sleep(200);
            output = output();
        }
        return output;
    }

    /** A GET on the service's HTTP API, its body as JSON (whatever the status). */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service was still running after " + timeout);
        }
        return process.exitValue();
    }

    /** Everything the process printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
