package io.energycorrelator.support;

import io.energycorrelator.Application;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole service, started in this JVM exactly as {@code java -jar} starts it (application.properties and
 * routes/ from the project directory), with test overrides on top. Ports are free ones.
 */
public final class RunningService implements AutoCloseable {

    private final Main main;
    private final ApiClient api;

    private RunningService(Main main, int httpPort) {
        this.main = main;
        this.api = new ApiClient(httpPort);
    }

    /**
     * Settings pointing at the bucket, first cycle after {@code firstDelaySeconds}, no second cycle for an
     * hour, and the simplest step rule ({@code nearest}).
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
        return start(overrides, freePort());
    }

    /** Starts it on the given port; returns once its routes run. */
    public static RunningService start(Map<String, String> overrides, int httpPort) throws Exception {
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

    public ApiClient api() {
        return api;
    }

    public ApiClient.Response get(String path) throws IOException, InterruptedException {
        return api.get(path);
    }

    public ApiClient.Response post(String path) throws IOException, InterruptedException {
        return api.post(path);
    }

    public ApiClient.Response send(HttpRequest request) throws IOException, InterruptedException {
        return api.send(request);
    }

    public URI uri(String path) {
        return api.uri(path);
    }

    @Override
    public void close() {
        main.stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
