package io.energycorrelator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.energycorrelator.Application;
import io.energycorrelator.influx.StreamingQuery;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.main.Main;

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
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark behind scripts/bench.sh (see docs/benchmarks.md): live cycles of 1,000 / 10,000 / 100,000
 * state changes, the per-event approach on the same data, a 30-day backfill at -Xmx160m, and the floor
 * (stream the meter series + write as many points) on the same server. Data is synthetic and seeded.
 * Reads INFLUXDB_URL, INFLUXDB_TOKEN, INFLUXDB_ORG from the environment; argument: the Markdown file to write.
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NOTES_MARKER = "<!-- Everything below this line is written by hand and kept by scripts/bench.sh. -->";

    private final String url = System.getenv("INFLUXDB_URL");
    private final String token = System.getenv("INFLUXDB_TOKEN");
    private final String org = System.getenv("INFLUXDB_ORG");
    private final InfluxDBClient admin = InfluxDBClientFactory.create(url, token.toCharArray(), org);
    private final List<String> log = new ArrayList<>();

    record LiveResult(int events, double cycleSeconds, long fluxQueries, long written, Double perEventSeconds) {
    }

    record BackfillResult(long events, long written, double seconds, long peakHeapMb, long liveHeapMb, long peakRssMb,
            boolean oom, double streamSeconds, long meterReadings, double writeSeconds, String profile) {
    }

    /** What one run of the packaged service did and used. */
    record ServiceRun(JsonNode status, long peakHeapMb, long liveHeapMb, long peakRssMb, boolean oom, Path jfr) {
    }

    /**
     * The packaged service, started the way the Dockerfile starts it but with -Xmx160m, backfills [start, end).
     * With {@code profile}, Java Flight Recorder runs too (it costs memory and time: that run is not measured).
     */
    private ServiceRun runBackfill(String bucket, Instant start, Instant end, boolean profile) throws Exception {
        Path work = Files.createDirectories(Path.of("target/bench"));
        String name = profile ? "backfill-profiled" : "backfill";
        Path gcLog = work.resolve(name + "-gc.log");
        Path jfr = work.resolve(name + ".jfr");
        Path serviceLog = work.resolve(name + "-service.log");
        Map<String, String> dockerEnv = DockerfileEnv.read(Path.of("Dockerfile"));
        List<String> command = new ArrayList<>(List.of("java"));
        for (String flag : dockerEnv.getOrDefault("JAVA_OPTS", "").split("\\s+")) {
            command.add(flag.startsWith("-Xmx") ? "-Xmx160m" : flag);
        }
        if (command.stream().noneMatch(f -> f.startsWith("-Xmx"))) {
            command.add("-Xmx160m");
        }
        command.add("-Xlog:gc:file=" + gcLog);
        if (profile) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        command.addAll(List.of("-jar", "target/energy-correlator.jar"));
        int port = freePort();
        ProcessBuilder service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(serviceLog.toFile());
        Map<String, String> env = service.environment();
        dockerEnv.forEach((key, value) -> {
            if (!key.equals("JAVA_OPTS")) {
                env.put(key, value);
            }
        });
        env.put("INFLUXDB_URL", url);
        env.put("INFLUXDB_TOKEN", token);
        env.put("INFLUXDB_ORG", org);
        env.put("INFLUXDB_BUCKET", bucket);
        env.put("HTTP_PORT", Integer.toString(port));
        env.put("FIRST_CYCLE_DELAY", "3600");
        env.put("PROCESSING_INTERVAL", "3600");
        Process process = service.start();
        long peakRssKb = 0;
        String base = "http://127.0.0.1:" + port;
        JsonNode status;
        try {
            awaitHttp(base + "/health");
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/backfill"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"start\":\"" + start + "\",\"end\":\"" + end + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("backfill refused: " + accepted.body());
            }
            do {
                Thread.sleep(100);
                peakRssKb = Math.max(peakRssKb, rssKb(process.pid()));
                status = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/backfill")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } while ("running".equals(status.get("status").asText()) && process.isAlive());
        } finally {
            process.destroy();
            process.waitFor();
        }
        if (!"completed".equals(status.get("status").asText())) {
            throw new IllegalStateException("backfill did not complete: " + status);
        }
        String gc = Files.readString(gcLog);
        return new ServiceRun(status, heapMb(gc, "Pause", 1), heapMb(gc, "Pause Full", 2), peakRssKb / 1024,
                Files.readString(serviceLog).contains("OutOfMemoryError"), jfr);
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
        int backfillEvents = Integer.parseInt(System.getenv().getOrDefault("BENCH_BACKFILL_EVENTS", "100000"));
        int backfillDays = Integer.parseInt(System.getenv().getOrDefault("BENCH_BACKFILL_DAYS", "30"));
        Benchmark bench = new Benchmark();
        bench.say("InfluxDB " + bench.admin.version() + " at " + bench.url);

        if (System.getenv("BENCH_BACKFILL_ONLY") != null) { // a tuning aid: the backfill alone, no report
            bench.backfill(backfillEvents, backfillDays);
            System.exit(0);
        }
        bench.live(1_000, false); // warm-up: class loading and JIT, not reported
        if (System.getenv("BENCH_LIVE_ONLY") != null) { // a profiling aid: one live cycle of that size, no report
            bench.live(Integer.parseInt(System.getenv("BENCH_LIVE_ONLY")), false);
            System.exit(0);
        }
        List<LiveResult> live = new ArrayList<>();
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            live.add(bench.live(n, n <= 10_000));
        }
        BackfillResult backfill = bench.backfill(backfillEvents, backfillDays);
        bench.write(output, live, backfill, backfillEvents, backfillDays);
        bench.admin.close();
        System.exit(0);
    }

    private void say(String line) {
        System.out.println(line);
        log.add(line);
    }

    private String bucket(String name) {
        var orgId = admin.getOrganizationsApi().findOrganizations().stream().filter(o -> o.getName().equals(org)).findFirst().orElseThrow();
        Bucket bucket = admin.getBucketsApi().createBucket(name + "-" + System.nanoTime(), orgId);
        return bucket.getName();
    }

    /** One live cycle of the service over N state changes in a 60-minute window with a 1 Hz meter. */
    private LiveResult live(int events, boolean withBaseline) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SyntheticHouse house = new SyntheticHouse(now.minus(Duration.ofMinutes(64)), now.minus(Duration.ofMinutes(2)), events, 42);
        String bucket = bucket("live-" + events);
        house.write(admin, bucket, org);

        int port = freePort();
        Main main = Application.create();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("camel.server.port", Integer.toString(port));
        overrides.put("correlator.influxdb.url", url);
        overrides.put("correlator.influxdb.token", token);
        overrides.put("correlator.influxdb.org", org);
        overrides.put("correlator.influxdb.bucket", bucket);
        overrides.put("correlator.lookback-minutes", "65");
        overrides.put("correlator.first-cycle-delay-seconds", "0");
        overrides.put("correlator.processing-interval-seconds", "3600");
        overrides.put("correlator.max-events-per-cycle", "1000000");
        overrides.put("correlator.max-cycle-span-minutes", "10080");
        overrides.forEach(main::addOverrideProperty);
        main.start();
        double cycleSeconds;
        JsonNode stats;
        try {
            ManagedRouteMBean route = main.getCamelContext().getCamelContextExtension()
                    .getContextPlugin(ManagedCamelContext.class).getManagedRoute("correlate");
            while (route.getExchangesTotal() < 1) {
                Thread.sleep(10);
            }
            cycleSeconds = route.getLastProcessingTime() / 1000.0;
            stats = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/statistics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            main.stop();
        }
        if (stats.get("total_events_processed").asLong() != events || stats.get("errors").asLong() != 0) {
            throw new IllegalStateException("live cycle of " + events + " did not process every event: " + stats);
        }
        Double perEvent = null;
        if (withBaseline) {
            long t0 = System.nanoTime();
            PerEventBaseline.run(admin, bucket, org, house.start, house.end);
            perEvent = (System.nanoTime() - t0) / 1e9;
        }
        LiveResult result = new LiveResult(events, cycleSeconds, stats.get("flux_queries_total").asLong(),
                stats.get("correlations_written").asLong(), perEvent);
        say("live " + result);
        return result;
    }

    /** A 30-day backfill by the packaged service at -Xmx160m, then the floor on the same data. */
    private BackfillResult backfill(int events, int days) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        Instant start = end.minus(Duration.ofDays(days));
        SyntheticHouse house = new SyntheticHouse(start, end, events, 4242);
        String bucket = bucket("backfill");
        long t0 = System.nanoTime();
        long points = house.write(admin, bucket, org);
        say(String.format("backfill data: %,d points written in %.1f s", points, (System.nanoTime() - t0) / 1e9));

        ServiceRun measured = runBackfill(bucket, start, end, false);
        ServiceRun profiled = runBackfill(bucket, start, end, true);
        JsonNode status = measured.status();
        double seconds = Duration.between(Instant.parse(status.get("started_at").asText()),
                Instant.parse(status.get("finished_at").asText())).toNanos() / 1e9;
        long written = status.get("correlations_written").asLong();

        // The floor: what any correlator must do with this data, on the same server.
        AtomicLong readings = new AtomicLong();
        long s0 = System.nanoTime();
        new StreamingQuery(admin.getQueryApi(), java.time.Duration.ofMinutes(10)).forEachRecord("from(bucket: \"" + bucket + "\") |> range(start: " + start
                + ", stop: " + end + ") |> filter(fn: (r) => r._measurement == \"smart_meter\" and r._field == \"total_power_w\")"
                + " |> keep(columns: [\"_time\", \"_value\"])", r -> readings.incrementAndGet());
        double streamSeconds = (System.nanoTime() - s0) / 1e9;
        long w0 = System.nanoTime();
        List<Point> batch = new ArrayList<>(5000);
        for (int i = 0; i < written; i++) {
            SyntheticHouse.Event e = house.events.get(i % house.events.size());
            batch.add(Point.measurement("floor_probe").time(e.time(), WritePrecision.NS).addTag("entity_id", e.entityId())
                    .addTag("domain", "switch").addTag("state", "on").addTag("previous_state", "off")
                    .addField("power_before_w", 1.0).addField("power_after_w", 2.0).addField("power_delta_w", 1.0)
                    .addField("power_delta_pct", 100.0).addField("overlapping_events", 0L).addField("confidence", 1.0));
            if (batch.size() == 5000 || i == written - 1) {
                admin.getWriteApiBlocking().writePoints(bucket, org, batch);
                batch.clear();
            }
        }
        double writeSeconds = (System.nanoTime() - w0) / 1e9;
        BackfillResult result = new BackfillResult(status.get("events_processed").asLong(), written, seconds,
                measured.peakHeapMb(), measured.liveHeapMb(), measured.peakRssMb(), measured.oom() || profiled.oom(),
                streamSeconds, readings.get(), writeSeconds, Profile.top(profiled.jfr(), 12));
        say("backfill " + result);
        return result;
    }

    private static void awaitHttp(String url) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the service did not answer " + url);
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException gone) {
            // the process ended between two samples
        }
        return 0;
    }

    /**
     * From the unified GC log ("Pause Young (Allocation Failure) 120M->30M(155M)"), over the pauses of one
     * kind: group 1 = the largest heap occupancy before one, group 2 = the largest after one (after a full
     * collection: what was really live).
     */
    private static long heapMb(String gcLog, String pause, int group) {
        Matcher m = Pattern.compile(Pattern.quote(pause) + "[^\\n]*?(\\d+)M->(\\d+)M\\(").matcher(gcLog);
        long peak = 0;
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(group)));
        }
        return peak;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void write(Path output, List<LiveResult> live, BackfillResult b, int backfillEvents, int days) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Generated by `scripts/bench.sh` (`src/test/java/io/energycorrelator/bench/`); the section at the end is\n")
                .append("written by hand. Synthetic, seeded data on a real InfluxDB started by the script; absolute times on a\n")
                .append("shared machine drift, so the comparisons are ratios measured in the same run.\n\n");
        md.append("- **Date**: ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS)).append("\n");
        md.append("- **Machine**: ").append(Machine.describe()).append("\n");
        md.append("- **InfluxDB**: ").append(admin.version()).append(" (built by scripts/influxdb.sh, same machine)\n");
        md.append("- **Command**: `scripts/bench.sh`, in a clean clone of this commit\n\n");

        md.append("## Live cycle\n\n")
                .append("One cycle of the service (default settings, `aligned` estimator) over N state changes of 200 switches in\n")
                .append("a 60-minute window with a 1 Hz meter: wall time from the timer firing to the last write confirmed (the\n")
                .append("route's own processing time), Flux queries the cycle made, and the per-event approach (two Flux queries\n")
                .append("per state change, as the original design did) on the same data and server.\n\n");
        md.append("| state changes | cycle wall time | Flux queries | events/s | correlations written | per-event approach | speed-up |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LiveResult r : live) {
            md.append(String.format("| %,d | %.2f s | %d | %,.0f | %,d | %s | %s |%n", r.events(), r.cycleSeconds(), r.fluxQueries(),
                    r.events() / r.cycleSeconds(), r.written(),
                    r.perEventSeconds() == null ? "not run (hours)" : String.format("%.1f s", r.perEventSeconds()),
                    r.perEventSeconds() == null ? "–" : String.format("%.0f×", r.perEventSeconds() / r.cycleSeconds())));
        }
        LiveResult k1 = live.get(0);
        LiveResult k10 = live.get(1);
        LiveResult k100 = live.get(2);
        md.append(String.format("%nScaling: 10× the events costs %.1f× the time (1k → 10k) and %.1f× (10k → 100k).%n%n",
                k10.cycleSeconds() / k1.cycleSeconds(), k100.cycleSeconds() / k10.cycleSeconds()));

        double floor = b.streamSeconds() + b.writeSeconds();
        md.append("## Backfill\n\n")
                .append(String.format("%d days of a 1 Hz meter (%,d readings) and %,d state changes, backfilled by the packaged service%n",
                        days, b.meterReadings(), backfillEvents))
                .append("(started with the Dockerfile's JVM settings and `-Xmx160m`; POST /backfill) in spans of at most a day,\n")
                .append("two workers side by side. A second run with Java Flight Recorder on gives the profile below; the\n")
                .append("figures are from the run without it.\n")
                .append("The floor is what no correlator can avoid on the same data and server: stream that meter series for\n")
                .append("the range, and write as many points as the backfill wrote.\n\n");
        md.append("| figure | value |\n|---|---:|\n");
        md.append(String.format("| state changes processed | %,d |%n", b.events()));
        md.append(String.format("| correlations written | %,d |%n", b.written()));
        md.append(String.format("| backfill wall time | %.1f s |%n", b.seconds()));
        md.append(String.format("| events/s | %,.0f |%n", b.events() / b.seconds()));
        md.append(String.format("| peak heap in use (before a GC, from the GC log) | %d MB of 160 MB |%n", b.peakHeapMb()));
        md.append(String.format("| peak live heap (after a full GC) | %d MB |%n", b.liveHeapMb()));
        md.append(String.format("| peak process RSS | %d MB |%n", b.peakRssMb()));
        md.append(String.format("| OutOfMemoryError | %s |%n", b.oom() ? "yes" : "no"));
        md.append(String.format("| floor: stream the meter series | %.1f s |%n", b.streamSeconds()));
        md.append(String.format("| floor: write %,d points | %.1f s |%n", b.written(), b.writeSeconds()));
        md.append(String.format("| backfill ÷ floor | %.2f× |%n%n", b.seconds() / floor));

        md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        md.append(target("live cycle, 10,000 events ≤ 2 s", String.format("%.2f s", k10.cycleSeconds()), k10.cycleSeconds() <= 2));
        md.append(target("≥ 50× faster than per-event (10,000)", String.format("%.0f×", k10.perEventSeconds() / k10.cycleSeconds()),
                k10.perEventSeconds() / k10.cycleSeconds() >= 50));
        md.append(target("backfill ≤ 2× the floor", String.format("%.2f×", b.seconds() / floor), b.seconds() / floor <= 2));
        md.append(target("no OutOfMemoryError at -Xmx160m", b.oom() ? "OOM" : "none", !b.oom()));
        md.append(target("RSS within 256 MB", b.peakRssMb() + " MB", b.peakRssMb() <= 256));
        md.append(target("10× events ≤ ~12× time (10k → 100k)", String.format("%.1f×", k100.cycleSeconds() / k10.cycleSeconds()),
                k100.cycleSeconds() / k10.cycleSeconds() <= 12));
        md.append("\n## Where the backfill's time went (JFR execution samples, top frames)\n\n```\n").append(b.profile()).append("```\n\n");

        String notes = Files.exists(output) && Files.readString(output).contains(NOTES_MARKER)
                ? Files.readString(output).substring(Files.readString(output).indexOf(NOTES_MARKER)) : NOTES_MARKER + "\n";
        md.append(notes);
        Files.writeString(output, md.toString());
        say("wrote " + output);
    }

    private static String target(String name, String measured, boolean met) {
        return "| " + name + " | " + measured + " | " + (met ? "yes" : "**no**") + " |\n";
    }
}
