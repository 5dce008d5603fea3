package io.energycorrelator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Home Assistant (core, from PyPI), started by {@code scripts/homeassistant.sh start} on a fresh configuration:
 * its InfluxDB integration writing to the given bucket, its MQTT integration on the given broker, onboarded through
 * its own API. The test talks to it as a user's scripts would: its REST API with a long-lived token, and its
 * WebSocket API. {@code --watch-pid} makes it go when this JVM goes, however it ends.
 */
public final class HomeAssistant implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final String token;
    private final Path dir;

    private HomeAssistant(String url, String token, Path dir) {
        this.url = url;
        this.token = token;
        this.dir = dir;
    }

    /**
     * Starts it (and installs it into the cache, the first time: minutes). Its InfluxDB integration writes with
     * api_version 1 to a 1.8 server, else 2, and retries a failed write {@code maxRetries} times (1 only).
     */
    public static HomeAssistant start(InfluxDb influx, String bucket, int maxRetries, MosquittoBroker broker)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", script().toString(), "start",
                "--influxdb-url", influx.url(), "--influxdb-token", influx.token(), "--influxdb-org", influx.org(),
                "--influxdb-bucket", bucket, "--influxdb-api-version", influx.v18() ? "1" : "2",
                "--influxdb-max-retries", Integer.toString(maxRetries), "--mqtt-url", broker.url(), "--mqtt-user", broker.user(),
                "--mqtt-password", broker.password(), "--watch-pid", Long.toString(ProcessHandle.current().pid()))
                .redirectError(ProcessBuilder.Redirect.INHERIT) // installation progress and errors go to the test log
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("scripts/homeassistant.sh start failed (exit " + process.exitValue() + "); see its messages above");
        }
        Map<String, String> vars = new HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new HomeAssistant(vars.get("HA_URL"), vars.get("HA_TOKEN"), Path.of(vars.get("HA_DIR")));
    }

    /** Calls a service, e.g. {@code call("switch", "turn_on", "switch.kettle")}, as an automation or the UI would. */
    public void call(String domain, String service, String entityId) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("entity_id", entityId);
        HttpResponse<String> response = send(request("/api/services/" + domain + "/" + service)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json").build());
        if (response.statusCode() != 200) {
            throw new IOException("POST /api/services/" + domain + "/" + service + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The entity's state object from {@code /api/states/<entity_id>}, or null while it does not exist. */
    public JsonNode state(String entityId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request("/api/states/" + entityId).GET().build());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/states/" + entityId + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Reads the entity's state until it passes the test; fails after the timeout. Returns that state. */
    public JsonNode awaitState(String entityId, Predicate<JsonNode> test, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode state = state(entityId);
        while (state == null || !test.test(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(entityId + " did not become as expected in Home Assistant within " + timeout + "; last: " + state);
            }
            Thread.sleep(200);
            state = state(entityId);
        }
        return state;
    }

    /**
     * Sends one command over the WebSocket API (after authenticating with the token) and returns its {@code result},
     * e.g. {@code webSocket("recorder/validate_statistics")}.
     */
    public JsonNode webSocket(String type) throws IOException, InterruptedException {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url.replaceFirst("^http", "ws") + "/api/websocket"), new Collector(messages)).join();
        try {
            expect(messages, "auth_required");
            socket.sendText(JSON.createObjectNode().put("type", "auth").put("access_token", token).toString(), true).join();
            expect(messages, "auth_ok");
            socket.sendText(JSON.createObjectNode().put("id", 1).put("type", type).toString(), true).join();
            JsonNode answer = expect(messages, "result");
            if (!answer.path("success").asBoolean()) {
                throw new IOException("WebSocket " + type + " failed: " + answer);
            }
            return answer.get("result");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }

    private static JsonNode expect(BlockingQueue<String> messages, String type) throws IOException, InterruptedException {
        String text = messages.poll(30, TimeUnit.SECONDS);
        if (text == null) {
            throw new IOException("no \"" + type + "\" message on the WebSocket within 30 s");
        }
        JsonNode message = JSON.readTree(text);
        if (!type.equals(message.path("type").asText())) {
            throw new IOException("expected a \"" + type + "\" message on the WebSocket, got " + text);
        }
        return message;
    }

    /** Collects whole text messages (a message may come in several frames). */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<String> messages;
        private final StringBuilder partial = new StringBuilder();

        Collector(BlockingQueue<String> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    /** Home Assistant's own log (home-assistant.log in its configuration directory). */
    public String log() throws IOException {
        Path log = dir.resolve("home-assistant.log");
        return Files.isRegularFile(log) ? Files.readString(log) : "";
    }

    public String url() {
        return url;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Stops it and removes its configuration directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("bash", script().toString(), "stop", "--dir", dir.toString())
                .inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }

    private static Path script() {
        Path base = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        Path script = base.resolve("scripts/homeassistant.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("scripts/homeassistant.sh not found under " + base);
        }
        return script;
    }
}
