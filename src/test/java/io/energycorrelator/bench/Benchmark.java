package io.energycorrelator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.MeterWindow;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark behind scripts/bench.sh (see docs/benchmarks.md). On a real InfluxDB with synthetic, seeded
 * data it measures, each in its own JVM started with the Dockerfile's settings:
 * <ul>
 *   <li>the live cycle of the packaged service and of the plain-Java reference ({@link PlainJavaCycle}) on
 *       the same data: N state changes per cycle, the first cycle after start and warm cycles, peak RSS,
 *       repeated, the two side by side in each repetition;</li>
 *   <li>scaling: 100,000 state changes in one cycle, and a catch-up of 100,000 at the default cycle cap;</li>
 *   <li>a profiled run (JFR and the routes' JMX timings), not measured;</li>
 *   <li>a 30-day backfill and its floor (stream the meter series, write as many points).</li>
 * </ul>
 * Reads INFLUXDB_URL, INFLUXDB_TOKEN, INFLUXDB_ORG; argument: the Markdown file to write. Aids (no report):
 * BENCH_ONLY=live|profile|scaling|backfill runs that part alone (BENCH_ONLY=homes: many homes in one process, {@link HomesBenchmark},
 * not part of the full run, writes its own section); BENCH_SIZES and BENCH_REPEATS shape the live
 * part; BENCH_PROFILE_EVENTS the profiled run's size (10,000); BENCH_SERVICE_OPTS and BENCH_REFERENCE_OPTS add JVM
 * flags to the measured processes.
 */
public final class Benchmark {

    /** Cycles per live run: the first after start, a second, then three warm ones. */
    static final int CYCLES = 5;
    /** Cycles of the profiled run: enough CPU samples (a warm cycle spends most of its time waiting on InfluxDB). */
    static final int PROFILED_CYCLES = 15;
    static final Duration WINDOW = Duration.ofMinutes(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private final String url = System.getenv("INFLUXDB_URL");
    private final String token = System.getenv("INFLUXDB_TOKEN");
    private final String org = System.getenv("INFLUXDB_ORG");
    private final InfluxDBClient admin = InfluxDBClientFactory.create(url, token.toCharArray(), org);
    private final Path work;

    /**
     * One JVM's cycles; CPU by thread group per warm cycle; heap figures from its GC log; {@code restRssMb}: its
     * resident set (VmRSS) between two cycles once they are done, what it holds at rest (0 where not measured).
     */
    record Run(List<JvmProcess.CycleLine> cycles, long peakRssMb, long restRssMb, Map<String, Long> warmCpuMs, long peakHeapMb) {

        double firstSeconds() {
            return cycles.get(0).millis() / 1000.0;
        }

        /** The median of the cycles after the second. */
        double warmSeconds() {
            long[] warm = cycles.subList(2, cycles.size()).stream().mapToLong(JvmProcess.CycleLine::millis).sorted().toArray();
            return warm[warm.length / 2] / 1000.0;
        }

        /** From the process's launch to its first cycle's end: JVM and service start-up plus the first cycle. */
        double launchToFirstSeconds() {
            return cycles.get(0).sinceLaunchMillis() / 1000.0;
        }

        List<Long> written() {
            return cycles.stream().map(JvmProcess.CycleLine::written).toList();
        }
    }

    /** The service and the reference on the same data, one after the other. */
    record LiveSample(int events, Run service, Run reference) {
    }

    record BackfillResult(long events, long written, double seconds, long peakHeapMb, long liveHeapMb, long peakRssMb,
            boolean oom, double streamSeconds, long meterReadings, double writeSeconds, String profile) {
    }

    record Scaling(Run oneCycle, Run reference, Run catchUp10k, Run catchUp100k) {
    }

    record Profiled(String warmProfile, String routeTimings) {
    }

    private Benchmark() throws IOException {
        work = Files.createDirectories(Path.of("target/bench"));
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
        int[] sizes = Arrays.stream(System.getenv().getOrDefault("BENCH_SIZES", "10,100,1000,10000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int repeats = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPEATS", "3"));
        String only = System.getenv().getOrDefault("BENCH_ONLY", "");
        Benchmark bench = new Benchmark();
        String loadBefore = loadAverage();
        say("InfluxDB " + bench.admin.version() + " at " + bench.url + "; load average " + loadBefore);

        List<LiveSample> live = new ArrayList<>();
        if (only.isEmpty() || only.equals("live")) {
            for (int r = 0; r < repeats; r++) {
                for (int n : sizes) {
                    live.add(bench.live(n, r));
                }
            }
        }
        Profiled profiled = only.isEmpty() || only.equals("profile")
                ? bench.profiled(Integer.parseInt(System.getenv().getOrDefault("BENCH_PROFILE_EVENTS", "10000"))) : null;
        Scaling scaling = only.isEmpty() || only.equals("scaling") ? bench.scaling() : null;
        BackfillResult backfill = only.isEmpty() || only.equals("backfill") ? bench.backfill(
                Integer.parseInt(System.getenv().getOrDefault("BENCH_BACKFILL_EVENTS", "100000")),
                Integer.parseInt(System.getenv().getOrDefault("BENCH_BACKFILL_DAYS", "30"))) : null;
        List<HomesBenchmark.Result> homes = only.equals("homes") ? bench.homes() : List.of();
        String loadAfter = loadAverage();
        say("load average " + loadAfter);
        if (!homes.isEmpty()) {
            HomesSection.write(output, homes, bench.admin.version(), loadBefore, loadAfter);
            say("wrote the many-homes section of " + output);
        }
        if (only.isEmpty()) {
            new Report(output, bench.admin.version(), loadBefore, loadAfter, live, profiled, scaling, backfill).write();
            say("wrote " + output);
        }
        bench.admin.close();
        System.exit(0);
    }

    /**
     * Many homes in one process (BENCH_ONLY=homes only: about 25 minutes): BENCH_HOMES homes (1,10,100,1000) at the first
     * of BENCH_HOMES_THREADS (2,8), the largest also at the others; BENCH_HOMES_INTERVAL seconds between cycles (20; 60 from 500 homes); a run out of heap again with
     * -Xmx of BENCH_HOMES_HEAP (1g).
     */
    private List<HomesBenchmark.Result> homes() throws Exception {
        int[] homes = Arrays.stream(System.getenv().getOrDefault("BENCH_HOMES", "1,10,100,1000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int[] threads = Arrays.stream(System.getenv().getOrDefault("BENCH_HOMES_THREADS", "2,8").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        // A round must end within the interval for rounds to be told apart: from 500 homes the default 60 s.
        int base = Integer.parseInt(System.getenv().getOrDefault("BENCH_HOMES_INTERVAL", "20"));
        java.util.function.IntUnaryOperator interval = h -> h >= 500 ? Math.max(base, 60) : base;
        HomesBenchmark bench = new HomesBenchmark(admin, url, token, org, work);
        List<HomesBenchmark.Result> results = new ArrayList<>();
        for (int h : homes) {
            results.add(bench.run(h, threads[0], interval.applyAsInt(h), results));
        }
        int largest = Arrays.stream(homes).max().orElseThrow();
        for (int t = 1; t < threads.length; t++) {
            results.add(bench.run(largest, threads[t], interval.applyAsInt(largest), results));
        }
        return results;
    }

    static void say(String line) {
        System.out.println(line);
    }

    /** A bucket holding the house's data, with the watermark stored at the house's first window. */
    private String bucketWith(SyntheticHouse house, String name) {
        var orgId = admin.getOrganizationsApi().findOrganizations().stream().filter(o -> o.getName().equals(org)).findFirst().orElseThrow();
        Bucket bucket = admin.getBucketsApi().createBucket(name + "-" + System.nanoTime(), orgId);
        house.write(admin, bucket.getName(), org);
        admin.getWriteApiBlocking().writePoint(bucket.getName(), org, Point.measurement(Watermark.MEASUREMENT)
                .addField(Watermark.FIELD, MeterWindow.toNanos(house.start)).time(Instant.now(), WritePrecision.NS));
        return bucket.getName();
    }

    /** {@code windows} hour-long windows of N state changes each, ending two minutes ago (all settled). */
    private static SyntheticHouse house(int eventsPerWindow, int windows, long seed) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(2));
        return new SyntheticHouse(end.minus(WINDOW.multipliedBy(windows)), windows, WINDOW, eventsPerWindow, seed);
    }

    /** The settings of a live run: a cycle a second, each cycle one window, all of its state changes at once. */
    private Map<String, String> liveEnv(String bucket) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INFLUXDB_URL", url);
        env.put("INFLUXDB_TOKEN", token);
        env.put("INFLUXDB_ORG", org);
        env.put("INFLUXDB_BUCKET", bucket);
        env.put("HTTP_PORT", Integer.toString(freePort()));
        env.put("FIRST_CYCLE_DELAY", "0");
        env.put("PROCESSING_INTERVAL", "1");
        env.put("MAX_CYCLE_SPAN_MINUTES", Long.toString(WINDOW.toMinutes()));
        env.put("MAX_EVENTS_PER_CYCLE", "1000000");
        return env;
    }

    private static List<String> serviceTarget() {
        return List.of("-jar", "target/energy-correlator.jar");
    }

    private static List<String> referenceTarget(int cycles) {
        // The jar first, so that the class-data-sharing archive made for it applies here too.
        return List.of("-cp", "target/energy-correlator.jar:target/test-classes", PlainJavaCycle.class.getName(),
                Integer.toString(cycles));
    }

    private static List<String> flags(String variable, Path gcLog) {
        List<String> flags = new ArrayList<>(List.of("-Xlog:gc:file=" + gcLog));
        for (String flag : System.getenv().getOrDefault(variable, "").trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /** N state changes per cycle: the reference and the service, each on its own copy of the same data. */
    private LiveSample live(int events, int repeat) throws Exception {
        long seed = 42 + events;
        String referenceBucket = bucketWith(house(events, CYCLES, seed), "reference-" + events);
        String serviceBucket = bucketWith(house(events, CYCLES, seed), "service-" + events);
        String name = "live-" + events + "-" + repeat;
        // Alternate which goes first, so that a drift of the shared machine does not favour one.
        Run reference = null;
        Run service = null;
        for (int i = 0; i < 2; i++) {
            if ((i + repeat) % 2 == 0) {
                reference = measure(name + "-reference", flags("BENCH_REFERENCE_OPTS", gcLog(name + "-reference")),
                        referenceTarget(CYCLES), liveEnv(referenceBucket), CYCLES);
            } else {
                service = measure(name + "-service", flags("BENCH_SERVICE_OPTS", gcLog(name + "-service")),
                        serviceTarget(), liveEnv(serviceBucket), CYCLES);
            }
        }
        for (Run run : List.of(service, reference)) {
            if (run.cycles().stream().anyMatch(c -> c.events() != events)) {
                throw new IllegalStateException("a cycle did not handle exactly " + events + " state changes: " + run.cycles());
            }
        }
        if (!service.written().equals(reference.written())) {
            throw new IllegalStateException("the service and the reference wrote different numbers of correlations: "
                    + service.written() + " and " + reference.written());
        }
        LiveSample sample = new LiveSample(events, service, reference);
        say(String.format("live %,d (repeat %d): service launch->first %.3f s first %.3f s warm %.3f s RSS %d MB (at rest %d MB) CPU/warm cycle %s"
                        + " | reference launch->first %.3f s first %.3f s warm %.3f s RSS %d MB (at rest %d MB) CPU/warm cycle %s; load %s",
                events, repeat + 1, service.launchToFirstSeconds(), service.firstSeconds(), service.warmSeconds(), service.peakRssMb(),
                service.restRssMb(), service.warmCpuMs(), reference.launchToFirstSeconds(), reference.firstSeconds(),
                reference.warmSeconds(), reference.peakRssMb(), reference.restRssMb(), reference.warmCpuMs(), loadAverage()));
        return sample;
    }

    private Path gcLog(String name) {
        return work.resolve(name + "-gc.log");
    }

    /** Runs one JVM until it has logged {@code cycles} cycles; CPU by thread is taken over the cycles after the second. */
    private Run measure(String name, List<String> flags, List<String> target, Map<String, String> env, int cycles) throws Exception {
        try (JvmProcess process = JvmProcess.start(work.resolve(name + ".log"), flags, target, env)) {
            process.awaitCycles(2, RUN_TIMEOUT);
            Map<String, Long> before = ThreadCpu.snapshot(process.pid());
            List<JvmProcess.CycleLine> lines = process.awaitCycles(cycles, RUN_TIMEOUT);
            Map<String, Long> spent = ThreadCpu.difference(before, ThreadCpu.snapshot(process.pid()));
            spent.replaceAll((group, ms) -> ms / Math.max(1, cycles - 2));
            long rss = process.peakRssMb();
            return new Run(lines, rss, process.rssMb(), spent, peakHeapMb(gcLog(name)));
        }
    }

    /**
     * A service run with Java Flight Recorder and the JMX connector on, at 10,000 state changes per cycle: where
     * the warm cycles' CPU went and the routes' own timings. Not measured: the profiler costs time and memory.
     */
    private Profiled profiled(int events) throws Exception {
        String bucket = bucketWith(house(events, PROFILED_CYCLES, 42 + events), "profiled-" + events);
        Path jfr = work.resolve("live-profiled.jfr");
        int jmxPort = freePort();
        List<String> flags = new ArrayList<>(List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile"));
        flags.addAll(RouteTimings.flags(jmxPort));
        Map<String, String> env = liveEnv(bucket);
        env.put("CAMEL_MAIN_JMXMANAGEMENTMBEANSLEVEL", "Default"); // each processor timed, for this run only
        env.put("CAMEL_MAIN_JMXMANAGEMENTSTATISTICSLEVEL", "Default");
        try (JvmProcess process = JvmProcess.start(work.resolve("live-profiled.log"), flags, serviceTarget(), env)) {
            process.awaitCycles(1, RUN_TIMEOUT);
            Instant warm = Instant.now();
            process.awaitCycles(PROFILED_CYCLES, RUN_TIMEOUT);
            String timings = RouteTimings.read(jmxPort);
            ProcessBuilder dump = new ProcessBuilder("jcmd", Long.toString(process.pid()), "JFR.dump", "filename=" + jfr)
                    .redirectErrorStream(true).redirectOutput(work.resolve("live-profiled-jcmd.log").toFile());
            dump.start().waitFor();
            Profiled profiled = new Profiled(Profile.top(jfr, 15, warm), timings);
            say("profile of warm cycles:\n" + profiled.warmProfile() + "\nroute timings over " + PROFILED_CYCLES + " cycles:\n" + timings);
            return profiled;
        }
    }

    /**
     * 100,000 state changes in one cycle (3 cycles); then 10,000 and 100,000 state changes waiting in one hour,
     * each caught up at the default cap of a cycle (5,000).
     */
    private Scaling scaling() throws Exception {
        int events = 100_000;
        String bucket = bucketWith(house(events, 3, 4242), "scaling-" + events);
        Run oneCycle = measure("scaling-100000", flags("BENCH_SERVICE_OPTS", gcLog("scaling-100000")), serviceTarget(),
                liveEnv(bucket), 3);
        say(String.format("scaling: 100,000 in one cycle: first %.2f s, warm %.2f s, RSS %d MB, peak heap %d MB",
                oneCycle.firstSeconds(), oneCycle.warmSeconds(), oneCycle.peakRssMb(), oneCycle.peakHeapMb()));
        // The reference on the same data: how the job itself scales (writing the points grows with N).
        String referenceBucket = bucketWith(house(events, 3, 4242), "scaling-reference-" + events);
        Run reference = measure("scaling-100000-reference", flags("BENCH_REFERENCE_OPTS", gcLog("scaling-100000-reference")),
                referenceTarget(3), liveEnv(referenceBucket), 3);
        say(String.format("scaling: the reference, 100,000 in one cycle: first %.2f s, warm %.2f s",
                reference.firstSeconds(), reference.cycles().get(2).millis() / 1000.0));
        return new Scaling(oneCycle, reference, catchUp(10_000), catchUp(events));
    }

    /** N state changes in one hour, caught up at the default cap (and span) of a cycle. */
    private Run catchUp(int events) throws Exception {
        String name = "catch-up-" + events;
        Map<String, String> env = liveEnv(bucketWith(house(events, 1, 4243), name));
        env.remove("MAX_EVENTS_PER_CYCLE");
        env.remove("MAX_CYCLE_SPAN_MINUTES");
        try (JvmProcess process = JvmProcess.start(work.resolve(name + ".log"), flags("BENCH_SERVICE_OPTS", gcLog(name)),
                serviceTarget(), env)) {
            List<JvmProcess.CycleLine> lines = process.awaitEvents(events, RUN_TIMEOUT);
            // The first two cycles take 5,000 each whatever waits: what they held is the cycle's memory.
            Run run = new Run(lines, process.peakRssMb(), 0, Map.of(),
                    peakHeapMb(gcLog(name), lines.get(Math.min(1, lines.size() - 1)).sinceLaunchMillis() / 1000.0));
            say(String.format("scaling: %,d caught up in %d cycles at the default cap: largest cycle %,d, RSS %d MB, "
                    + "peak heap through the first two cycles %d MB", events, lines.size(),
                    lines.stream().mapToLong(JvmProcess.CycleLine::events).max().orElse(0), run.peakRssMb(), run.peakHeapMb()));
            return run;
        }
    }

    /** A 30-day backfill by the packaged service, then the floor on the same data. */
    private BackfillResult backfill(int events, int days) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        Instant start = end.minus(Duration.ofDays(days));
        SyntheticHouse house = new SyntheticHouse(start, 1, Duration.between(start, end), events, 4242);
        var orgId = admin.getOrganizationsApi().findOrganizations().stream().filter(o -> o.getName().equals(org)).findFirst().orElseThrow();
        String bucket = admin.getBucketsApi().createBucket("backfill-" + System.nanoTime(), orgId).getName();
        long t0 = System.nanoTime();
        long points = house.write(admin, bucket, org);
        say(String.format("backfill data: %,d points written in %.1f s", points, (System.nanoTime() - t0) / 1e9));

        BackfillRun measured = runBackfill(bucket, start, end, false);
        BackfillRun profiled = runBackfill(bucket, start, end, true);
        JsonNode status = measured.status();
        double seconds = Duration.between(Instant.parse(status.get("started_at").asText()),
                Instant.parse(status.get("finished_at").asText())).toNanos() / 1e9;
        long written = status.get("correlations_written").asLong();

        // The floor: what any correlator must do with this data, on the same server.
        AtomicLong readings = new AtomicLong();
        long s0 = System.nanoTime();
        // Read with the service's own reader, the cheapest there is: each reading's time and value parsed.
        new StreamingQuery(admin, org, java.time.Duration.ofMinutes(10)).forEachRow("from(bucket: \"" + bucket + "\") |> range(start: " + start
                + ", stop: " + end + ") |> filter(fn: (r) => r._measurement == \"smart_meter\" and r._field == \"total_power_w\")"
                + " |> keep(columns: [\"_time\", \"_value\"])", List.of("_time", "_value"), r -> {
                    if (r.timeNanos(0) > 0 && r.number(1) > -1e9) {
                        readings.incrementAndGet();
                    }
                });
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

    /** What one backfill by the packaged service did and used. */
    private record BackfillRun(JsonNode status, long peakHeapMb, long liveHeapMb, long peakRssMb, boolean oom, Path jfr) {
    }

    /**
     * The packaged service, started as the Dockerfile starts it, backfills [start, end). With {@code profile},
     * Java Flight Recorder runs too (it costs memory and time: that run is not measured).
     */
    private BackfillRun runBackfill(String bucket, Instant start, Instant end, boolean profile) throws Exception {
        String name = profile ? "backfill-profiled" : "backfill";
        Path gcLog = gcLog(name);
        Path jfr = work.resolve(name + ".jfr");
        List<String> flags = flags("BENCH_SERVICE_OPTS", gcLog);
        if (profile) {
            flags.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INFLUXDB_URL", url);
        env.put("INFLUXDB_TOKEN", token);
        env.put("INFLUXDB_ORG", org);
        env.put("INFLUXDB_BUCKET", bucket);
        env.put("HTTP_PORT", Integer.toString(port));
        env.put("FIRST_CYCLE_DELAY", "3600");
        env.put("PROCESSING_INTERVAL", "3600");
        String base = "http://127.0.0.1:" + port;
        JsonNode status;
        long peakRss;
        boolean oom;
        try (JvmProcess process = JvmProcess.start(work.resolve(name + "-service.log"), flags, serviceTarget(), env)) {
            awaitHttp(base + "/health");
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/backfill")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"start\":\"" + start + "\",\"end\":\"" + end + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("backfill refused: " + accepted.body());
            }
            do {
                Thread.sleep(100);
                status = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/backfill")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } while ("running".equals(status.get("status").asText()));
            peakRss = process.peakRssMb();
            oom = process.logContains("OutOfMemoryError");
        }
        if (!"completed".equals(status.get("status").asText())) {
            throw new IllegalStateException("backfill did not complete: " + status);
        }
        String gc = Files.readString(gcLog);
        return new BackfillRun(status, heapMb(gc, "Pause", 1), heapMb(gc, "Pause Full", 2), peakRss, oom, jfr);
    }

    private static void awaitHttp(String url) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                // 503 "starting" until the routes are in place (InfluxDB is up here, so then 200).
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service did not answer " + url);
    }

    private static long peakHeapMb(Path gcLog) throws IOException {
        return peakHeapMb(gcLog, Double.MAX_VALUE);
    }

    /** The largest heap occupancy before a collection in the JVM's first {@code seconds} ("[3.713s] ... 27M->23M(31M)"). */
    private static long peakHeapMb(Path gcLog, double seconds) throws IOException {
        if (!Files.exists(gcLog)) {
            return 0;
        }
        Matcher m = Pattern.compile("\\[([\\d.]+)s][^\\n]*Pause[^\\n]*?(\\d+)M->").matcher(Files.readString(gcLog));
        long peak = 0;
        while (m.find()) {
            if (Double.parseDouble(m.group(1)) <= seconds) {
                peak = Math.max(peak, Long.parseLong(m.group(2)));
            }
        }
        return peak;
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

    private static String loadAverage() {
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return load[0] + " " + load[1] + " " + load[2];
        } catch (IOException notLinux) {
            return "unknown";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
