package io.energycorrelator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.energycorrelator.Application;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole service, started in this JVM exactly as {@code java -jar} starts it (application.properties and
 * routes/ from the project directory), with test overrides on top. Ports are free ones.
 */
public final class RunningService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A request the service leaves unanswered fails the test rather than hanging the build. */
    private static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final Main main;
    private final int httpPort;
    private RunningService(Main main, int httpPort) {
        this.main = main;
        this.httpPort = httpPort;
    }

    /**
     * Settings pointing at the bucket, first cycle after {@code firstDelaySeconds}, no second cycle for an
     * hour, and the original step rule ({@code nearest}).
     */
    public static Map<String, String> settingsFor(TestBucket bucket, int firstDelaySeconds) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("correlator.influxdb.url", bucket.url());
        settings.put("correlator.influxdb.token", bucket.token());
        settings.put("correlator.influxdb.org", bucket.org());
        settings.put("correlator.influxdb.bucket", bucket.name());
        settings.put("correlator.first-cycle-delay-seconds", Integer.toString(firstDelaySeconds));
        settings.put("correlator.processing-interval-seconds", "3600");
        // The original rule: these tests place readings where it reads them. The default (aligned) has its own.
        settings.put("correlator.estimator", "nearest");
        return settings;
    }

    public static RunningService start(Map<String, String> overrides) throws Exception {
        int httpPort = freePort();
        Main main = Application.create();
        main.addOverrideProperty("camel.server.port", Integer.toString(httpPort));
        overrides.forEach(main::addOverrideProperty);
        main.start();
        return new RunningService(main, httpPort);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Cycles the correlation route has finished (completed or failed), by the route's managed statistics. */
    public long cyclesSoFar() {
        return correlateRoute().getExchangesTotal();
    }

    /**
     * Waits until the correlation route has finished {@code total} cycles since start. (A NotifyBuilder on
     * the route would also count the copies of the exchange that the content enrichers make.)
     */
    public void awaitCycles(long total) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cyclesSoFar() < total) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the correlation route did not finish " + total + " cycles within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private ManagedRouteMBean correlateRoute() {
        return context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute("correlate");
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(httpPort, path)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    public Response post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(httpPort, path)).timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""));
    }

    public URI uri(String path) {
        return uri(httpPort, path);
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        main.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An HTTP answer; {@link #json()} parses the body. */
    public record Response(int status, String body, String contentType) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }
}
