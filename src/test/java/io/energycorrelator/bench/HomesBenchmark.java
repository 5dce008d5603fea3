package io.energycorrelator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.Bucket;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many homes in one process (BENCH_ONLY=homes): for H homes, each with a bucket of its own holding a realistic
 * home's recent data, the packaged service with a homes file of H homes runs rounds of live cycles; per H it
 * measures a round's wall time, its CPU (the service's and InfluxDB's), RSS, start-up and the InfluxDB requests of a
 * home's cycle. A round: every home's k-th cycle (rounds are told apart by the order of the cycle lines, which
 * holds while a round takes less than the interval; the result says when it did not).
 */
final class HomesBenchmark {

    /** Rounds after the first (start-up) one: 5, so that the late-row audit of every 5th cycle counts in its share. */
    static final int WARM_ROUNDS = 5;
    /** The realistic home: state changes a day, at a 60 s cycle. */
    static final int EVENTS_PER_DAY = 1000;
    /** Data before the start (more than the 5-minute look-back of a fresh install) and ahead of it (the run's length). */
    private static final Duration BEFORE = Duration.ofMinutes(15);
    private static final Pattern LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*done in (\\d+) ms: (\\d+) state changes, (\\d+) correlations written");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern METRIC = Pattern.compile(
            "^energy_correlator_influxdb_request_duration_seconds_(count|sum)\\{[^}]*operation=\"(query|write)\"[^}]*outcome=\"success\"[^}]*} (\\S+)",
            Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One round: from the first cycle's start to the last one's end, and the sum of the cycles' own times. */
    record Round(long firstStartMs, long lastEndMs, long sumCycleMs, long events, long written) {

        double wallSeconds() {
            return (lastEndMs - firstStartMs) / 1000.0;
        }
    }

    /** InfluxDB requests of the process so far (successful ones): counts and their total seconds. */
    record Requests(double queries, double querySeconds, double writes, double writeSeconds) {

        Requests minus(Requests o) {
            return new Requests(queries - o.queries, querySeconds - o.querySeconds, writes - o.writes, writeSeconds - o.writeSeconds);
        }
    }

    /**
     * What one run of H homes at T threads measured; {@code error} non-null when it did not get through its rounds
     * (then only what was measured before is set).
     */
    record Result(int homes, int threads, String heap, int intervalSeconds, double dataSeconds, double startupSeconds, Round first,
            List<Round> warm, boolean roundsOverlapped, double serviceCpuPerRound, double influxCpuPerRound, long peakRssMb,
            long restRssMb, Requests warmRequests, double statisticsQueriesPerHome, String error) {

        double medianWarmWall() {
            return median(warm.stream().mapToDouble(Round::wallSeconds).toArray());
        }

        /** The warm rounds' cycle time, all homes back to back on T threads. */
        double medianWarmBusy() {
            return median(warm.stream().mapToDouble(r -> r.sumCycleMs() / 1000.0 / threads).toArray());
        }

        double meanCycleMs() {
            return warm.stream().mapToLong(Round::sumCycleMs).sum() / (double) (homes * warm.size());
        }

        double serviceCpuPerHomeCycle() {
            return serviceCpuPerRound / homes;
        }

        double influxCpuPerHomeCycle() {
            return influxCpuPerRound / homes;
        }

        double perHomeCycle(double count) {
            return count / ((double) homes * warm.size());
        }
    }

    private final InfluxDBClient admin;
    private final String url;
    private final String token;
    private final String org;
    private final Path work;
    private final long influxPid;

    HomesBenchmark(InfluxDBClient admin, String url, String token, String org, Path work) {
        this.admin = admin;
        this.url = url;
        this.token = token;
        this.org = org;
        this.work = work;
        this.influxPid = Long.parseLong(System.getenv().getOrDefault("INFLUXDB_PID", "0"));
    }

    /**
     * H homes at T threads: buckets made and filled, the service run through its rounds, the buckets removed. A run
     * that ran out of heap is added to {@code results} and repeated with BENCH_HOMES_HEAP (1g); the last is returned.
     */
    Result run(int homes, int threads, int intervalSeconds, List<Result> results) throws Exception {
        var orgId = admin.getOrganizationsApi().findOrganizations().stream().filter(o -> o.getName().equals(org)).findFirst().orElseThrow();
        List<Bucket> buckets = new ArrayList<>();
        String prefix = "homes-" + homes + "-" + threads + "-" + System.nanoTime() % 1_000_000;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Each cycle sees what a 60 s cycle of a home of 1,000 a day sees, whatever the interval.
        double perMinute = EVENTS_PER_DAY / 1440.0 * 60.0 / intervalSeconds;
        Duration ahead = Duration.ofSeconds(intervalSeconds * (WARM_ROUNDS + 3L) + 120 + homes / 5);
        long t0 = System.nanoTime();
        StringBuilder file = new StringBuilder("homes:\n");
        try {
            Bucket process = admin.getBucketsApi().createBucket(prefix + "-process", orgId);
            buckets.add(process);
            for (int i = 0; i < homes; i++) {
                Bucket bucket = admin.getBucketsApi().createBucket(prefix + "-" + i, orgId);
                buckets.add(bucket);
                Duration span = BEFORE.plus(ahead);
                // Homes differ: their own seed, their own count around the mean (±1/3).
                Random random = new Random(1000 + i);
                double minutes = span.toSeconds() / 60.0;
                int events = (int) Math.round(perMinute * minutes * (2 + random.nextDouble() * 2) / 3);
                new SyntheticHouse(now.minus(BEFORE), 1, span, events, 1000 + i).write(admin, bucket.getName(), org);
                file.append("  - id: home-").append(i).append("\n    settings:\n      correlator.influxdb.bucket: ")
                        .append(bucket.getName()).append('\n');
            }
            double dataSeconds = (System.nanoTime() - t0) / 1e9;
            Benchmark.say(String.format("homes %d: %d buckets written in %.1f s", homes, homes, dataSeconds));
            Path homesFile = work.resolve(prefix + ".yaml");
            Files.writeString(homesFile, file);
            Result result = measure(homes, threads, "", intervalSeconds, process.getName(), homesFile, dataSeconds);
            if (result.error() != null && result.error().contains("OutOfMemoryError")) {
                // The Dockerfile's heap is sized for one home: say so, and measure with a larger one.
                String heap = "-Xmx" + System.getenv().getOrDefault("BENCH_HOMES_HEAP", "1g");
                results.add(result);
                result = measure(homes, threads, heap, intervalSeconds, process.getName(), homesFile, dataSeconds);
            }
            return result;
        } finally {
            for (Bucket bucket : buckets) {
                admin.getBucketsApi().deleteBucket(bucket);
            }
        }
    }

    private Result measure(int homes, int threads, String heap, int intervalSeconds, String processBucket, Path homesFile, double dataSeconds)
            throws Exception {
        int port = freePort();
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("INFLUXDB_URL", url);
        env.put("INFLUXDB_TOKEN", token);
        env.put("INFLUXDB_ORG", org);
        env.put("INFLUXDB_BUCKET", processBucket);
        env.put("HOMES_FILE", homesFile.toString());
        env.put("HTTP_PORT", Integer.toString(port));
        env.put("FIRST_CYCLE_DELAY", "0");
        env.put("PROCESSING_INTERVAL", Integer.toString(intervalSeconds));
        env.put("CYCLE_THREADS", Integer.toString(threads));
        String name = "homes-" + homes + "-threads-" + threads + heap.replace("-X", "-");
        Path log = work.resolve(name + ".log");
        Path gcLog = work.resolve(name + "-gc.log");
        List<String> flags = new ArrayList<>(List.of("-Xlog:gc:file=" + gcLog));
        for (String flag : System.getenv().getOrDefault("BENCH_SERVICE_OPTS", "").trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        if (!heap.isEmpty()) {
            flags.add(heap);
        }
        long launchedMs = System.currentTimeMillis();
        Duration timeout = Duration.ofSeconds(300 + homes);
        Round first = null;
        long peakRss = 0;
        try (JvmProcess process = JvmProcess.start(log, flags, List.of("-jar", "target/energy-correlator.jar"), env)) {
            try {
                awaitCycles(process, homes, timeout, gcLog);
                long serviceCpu0 = cpuMs(process.pid());
                long influxCpu0 = cpuMs(influxPid);
                Requests requests0 = requests(port);
                awaitCycles(process, homes * (1 + WARM_ROUNDS), timeout.plusSeconds((long) intervalSeconds * WARM_ROUNDS), gcLog);
                long serviceCpu = cpuMs(process.pid()) - serviceCpu0;
                long influxCpu = cpuMs(influxPid) - influxCpu0;
                Requests warm = requests(port).minus(requests0);
                // At rest: between two rounds (the next starts an interval after each home's last end).
                Thread.sleep(Math.min(2000, intervalSeconds * 200L));
                long rest = process.rssMb();
                peakRss = process.peakRssMb();
                double statisticsQueries = 0;
                for (int i = 0; i < homes; i++) {
                    statisticsQueries += JSON.readTree(get(port, "/statistics?home=home-" + i)).get("flux_queries_total").asLong();
                }
                List<Round> rounds = rounds(log, homes);
                first = rounds.get(0);
                List<Round> warmRounds = rounds.subList(1, 1 + WARM_ROUNDS);
                boolean overlapped = false;
                for (int r = 1; r < 1 + WARM_ROUNDS; r++) {
                    overlapped |= rounds.get(r).firstStartMs() < rounds.get(r - 1).lastEndMs();
                }
                Result result = new Result(homes, threads, heap, intervalSeconds, dataSeconds, (first.firstStartMs() - launchedMs) / 1000.0,
                        first, warmRounds, overlapped, serviceCpu / 1000.0 / WARM_ROUNDS, influxCpu / 1000.0 / WARM_ROUNDS, peakRss, rest,
                        warm, statisticsQueries / homes, null);
                Benchmark.say(describe(result));
                return result;
            } catch (RuntimeException | IOException failed) {
                String tail = tail(log, 15);
                Benchmark.say("homes " + homes + " at " + threads + " threads failed: " + failed.getMessage() + "\n" + tail);
                return new Result(homes, threads, heap, intervalSeconds, dataSeconds, 0, first, List.of(), false, 0, 0,
                        process.isAliveQuietly() ? process.peakRssMb() : peakRss, 0, null, 0, failed.getMessage() + " | " + lastError(tail) + (process.logContains("OutOfMemoryError") ? " (OutOfMemoryError)" : ""));
            }
        }
    }

    /**
     * Waits for the cycles; a heap too small does not always end the JVM (ExitOnOutOfMemoryError): the serial collector
     * can go on with full collections back to back that each free a little. That counts as out of heap.
     */
    private static void awaitCycles(JvmProcess process, int count, Duration timeout, Path gcLog) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                process.awaitCycles(count, Duration.ofSeconds(5));
                return;
            } catch (IllegalStateException notYet) {
                if (!notYet.getMessage().contains("took too long") || System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            String thrash = thrashing(gcLog);
            if (thrash != null) {
                throw new IllegalStateException("OutOfMemoryError in all but name: " + thrash);
            }
        }
    }

    private static final Pattern FULL = Pattern.compile("\\[([\\d.]+)s].*Pause Full.*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The last 20 collections all full, each leaving the heap at least 95 % full: what the log says, or null. */
    static String thrashing(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return null;
        }
        List<String> lines = Files.readAllLines(gcLog).stream().filter(l -> l.contains("Pause")).toList();
        if (lines.size() < 20) {
            return null;
        }
        List<String> last = lines.subList(lines.size() - 20, lines.size());
        for (String line : last) {
            Matcher m = FULL.matcher(line);
            if (!m.find() || Long.parseLong(m.group(3)) < 0.95 * Long.parseLong(m.group(4))) {
                return null;
            }
        }
        Matcher first = FULL.matcher(last.get(0));
        Matcher end = FULL.matcher(last.get(19));
        first.find();
        end.find();
        return String.format("20 full collections in a row from %ss to %ss, each leaving %sM of %sM (Java heap space)",
                first.group(1), end.group(1), end.group(3), end.group(4));
    }

    static String describe(Result r) {
        if (r.error() != null) {
            return "homes " + r.homes() + " at " + r.threads() + " threads " + r.heap() + ": " + r.error();
        }
        return String.format("homes %d at %d threads %s(interval %d s): start-up %.1f s; 1st round %.2f s; warm round %.2f s wall, %.2f s busy"
                        + " (cycle %.1f ms)%s; CPU/round service %.2f s, InfluxDB %.2f s; RSS peak %d MB, at rest %d MB;"
                        + " per home-cycle %.2f queries (%.1f ms), %.2f writes (%.1f ms); statistics: %.1f queries per home",
                r.homes(), r.threads(), r.heap().isEmpty() ? "" : r.heap() + " ", r.intervalSeconds(), r.startupSeconds(), r.first().wallSeconds(), r.medianWarmWall(),
                r.medianWarmBusy(), r.meanCycleMs(), r.roundsOverlapped() ? " OVERLAPPED" : "", r.serviceCpuPerRound(),
                r.influxCpuPerRound(), r.peakRssMb(), r.restRssMb(), r.perHomeCycle(r.warmRequests().queries()),
                1000 * r.warmRequests().querySeconds() / r.warmRequests().queries(), r.perHomeCycle(r.warmRequests().writes()),
                1000 * r.warmRequests().writeSeconds() / Math.max(1, r.warmRequests().writes()), r.statisticsQueriesPerHome());
    }

    /** The cycle lines in the order logged, H to a round. */
    static List<Round> rounds(Path log, int homes) throws IOException {
        List<Round> rounds = new ArrayList<>();
        long firstStart = Long.MAX_VALUE;
        long lastEnd = 0;
        long sum = 0;
        long events = 0;
        long written = 0;
        int n = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long end = LocalDateTime.parse(m.group(1), TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            long ms = Long.parseLong(m.group(2));
            firstStart = Math.min(firstStart, end - ms);
            lastEnd = Math.max(lastEnd, end);
            sum += ms;
            events += Long.parseLong(m.group(3));
            written += Long.parseLong(m.group(4));
            if (++n == homes) {
                rounds.add(new Round(firstStart, lastEnd, sum, events, written));
                firstStart = Long.MAX_VALUE;
                lastEnd = 0;
                sum = events = written = n = 0;
            }
        }
        return rounds;
    }

    /** The process's CPU time (user + system) in ms, from /proc; 0 for no process. */
    static long cpuMs(long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[11], [12]: utime, stime (fields 14 and 15 of stat), in ticks of 10 ms
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static Requests requests(int port) throws Exception {
        Matcher m = METRIC.matcher(get(port, "/observe/metrics"));
        double[] v = new double[4];
        while (m.find()) {
            int i = (m.group(2).equals("query") ? 0 : 2) + (m.group(1).equals("count") ? 0 : 1);
            v[i] += Double.parseDouble(m.group(3));
        }
        return new Requests(v[0], v[1], v[2], v[3]);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String tail(Path log, int lines) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String lastError(String tail) {
        String found = "";
        for (String line : tail.split("\n")) {
            if (line.contains("Error") || line.contains("Exception") || line.contains("Invalid")) {
                found = line.trim();
            }
        }
        return found;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
