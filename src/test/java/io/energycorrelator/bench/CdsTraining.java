package io.energycorrelator.bench;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.support.InfluxDbServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run of the class-data-sharing archive (pom.xml, package phase): the packaged service, started as
 * the Dockerfile starts it, on a real InfluxDB (scripts/influxdb.sh) holding a small house, does what it does in
 * use — completes cycles that read, correlate and write, answers every HTTP endpoint and the dashboard — and
 * lists each class it loads. The archive dumped from that list then holds what a first cycle and a first request
 * need, not only what a start needs.
 *
 *   CdsTraining target/energy-correlator.classlist
 */
public final class CdsTraining {

    /** Cycles to complete: the first (watermark and profiles read) and two more with the HTTP endpoints between. */
    private static final int CYCLES = 3;
    private static final int STATE_CHANGES_PER_CYCLE = 100;
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> GETS = List.of("/health", "/statistics", "/devices", "/backfill", "/",
            "/api/correlations", "/api/meter", "/observe/health", "/observe/metrics", "/no-such-endpoint");

    public static void main(String[] args) throws Exception {
        Path classList = Path.of(args[0]);
        Path log = Path.of("target/cds-training.log");
        Files.deleteIfExists(classList);
        InfluxDbServer server = InfluxDbServer.get();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INFLUXDB_URL", server.url());
        env.put("INFLUXDB_TOKEN", server.token());
        env.put("INFLUXDB_ORG", server.org());
        env.put("INFLUXDB_BUCKET", bucketWithHouse(server));
        int port = freePort();
        env.put("HTTP_PORT", Integer.toString(port));
        env.put("FIRST_CYCLE_DELAY", "0");
        env.put("PROCESSING_INTERVAL", "1");
        env.put("MAX_CYCLE_SPAN_MINUTES", Long.toString(WINDOW.toMinutes()));
        // Off: the archive is being made; the list takes every class loaded, from any source.
        List<String> flags = List.of("-Xshare:off", "-XX:DumpLoadedClassList=" + classList);
        try (JvmProcess service = JvmProcess.start(log, flags, List.of("-jar", "target/energy-correlator.jar"), env)) {
            service.awaitCycles(1, TIMEOUT);
            requestEveryEndpoint(port);
            List<JvmProcess.CycleLine> cycles = service.awaitCycles(CYCLES, TIMEOUT);
            requestEveryEndpoint(port);
            long written = cycles.stream().mapToLong(JvmProcess.CycleLine::written).sum();
            if (written == 0) {
                throw new IllegalStateException("the training run wrote no correlation; its log: " + log);
            }
            System.out.printf("CDS training: %d cycles, %d correlations written, every endpoint asked twice%n",
                    cycles.size(), written);
        }
        System.exit(0);
    }

    /** A bucket of its own holding {@link #CYCLES} windows of a synthetic house, all settled, and the watermark before them. */
    private static String bucketWithHouse(InfluxDbServer server) {
        try (InfluxDBClient admin = InfluxDBClientFactory.create(server.url(), server.token().toCharArray(), server.org())) {
            var org = admin.getOrganizationsApi().findOrganizations().stream()
                    .filter(o -> o.getName().equals(server.org())).findFirst().orElseThrow();
            Bucket bucket = admin.getBucketsApi().createBucket("cds-training-" + System.nanoTime(), org);
            Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(2));
            SyntheticHouse house = new SyntheticHouse(end.minus(WINDOW.multipliedBy(CYCLES)), CYCLES, WINDOW,
                    STATE_CHANGES_PER_CYCLE, 7);
            house.write(admin, bucket.getName(), server.org());
            admin.getWriteApiBlocking().writePoint(bucket.getName(), server.org(), Point.measurement(Watermark.MEASUREMENT)
                    .addField(Watermark.FIELD, MeterWindow.toNanos(house.start)).time(Instant.now(), WritePrecision.NS));
            return bucket.getName();
        }
    }

    private static void requestEveryEndpoint(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        List<HttpRequest> requests = new ArrayList<>();
        for (String path : GETS) {
            requests.add(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build());
        }
        requests.add(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/statistics/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        for (HttpRequest request : requests) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
