package io.energycorrelator.accuracy;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.Organization;
import io.energycorrelator.support.InfluxDb;
import io.energycorrelator.support.TestBucket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ten REFIT houses through the packaged service on a real InfluxDB (INFLUXDB_URL, INFLUXDB_TOKEN,
 * INFLUXDB_ORG): each house in a bucket of its own per run, backfilled by the service with each estimator, in
 * two ways (the whole day at once; the first half, then the second, scoring the second only, whose readings
 * could use profiles learned from the first), then scored ({@link HouseDay}). Prints the tables and writes them
 * as Markdown to the file given as the first argument. REFIT_PARALLEL (default 2) services run side by side;
 * REFIT_METER_ROWS={@code on-change} (default, as Home Assistant records a sensor) or {@code every-sample} says which
 * meter samples are written.
 */
public final class RefitReport {

    /** The service's default MIN_POWER_DELTA: a step below it is never written. */
    static final double THRESHOLD_W = 10;
    static final List<String> ESTIMATORS = List.of("aligned", "profile");

    /** How the day is backfilled and which part of it is scored. */
    enum Mode {
        WHOLE_DAY("whole day"), SECOND_HALF("second half, after the first");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    record Run(String estimator, Mode mode) {
    }

    /**
     * One house's scores in one run, its appliances' days as written (energy, range and confidence) beside their
     * truth, and the state changes the service skipped, by reason.
     */
    record HouseResult(String house, StepScores steps, EnergyScores energy, List<EnergyCalibration.DeviceDay> energyDays,
            Map<String, Long> skipped) {
    }

    private RefitReport() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/refit.md");
        long started = System.nanoTime();
        List<HouseDay> houses = new ArrayList<>();
        for (int n = 1; n <= RefitHouse.HOUSES; n++) {
            houses.add(new HouseDay(RefitHouse.load(n)));
        }
        InfluxDb server = server();
        HomeAssistantRows.MeterRows meterRows = HomeAssistantRows.MeterRows.valueOf(System.getenv()
                .getOrDefault("REFIT_METER_ROWS", "on-change").toUpperCase(Locale.ROOT).replace('-', '_'));
        int parallel = Integer.parseInt(System.getenv().getOrDefault("REFIT_PARALLEL", "2"));
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        Map<Run, List<Future<HouseResult>>> pending = new LinkedHashMap<>();
        for (String estimator : ESTIMATORS) {
            for (Mode mode : Mode.values()) {
                Run run = new Run(estimator, mode);
                List<Future<HouseResult>> futures = new ArrayList<>();
                for (HouseDay house : houses) {
                    futures.add(pool.submit(() -> measure(server, house, run, meterRows)));
                }
                pending.put(run, futures);
            }
        }
        Map<Run, List<HouseResult>> results = new LinkedHashMap<>();
        for (Map.Entry<Run, List<Future<HouseResult>>> e : pending.entrySet()) {
            List<HouseResult> list = new ArrayList<>();
            for (Future<HouseResult> f : e.getValue()) {
                list.add(f.get());
            }
            results.put(e.getKey(), list);
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        String markdown = RefitMarkdown.of(houses, results, meterRows, seconds);
        System.out.print(markdown);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        System.out.println(String.format(Locale.ROOT, "REFIT: %d service runs in %.0f s, written to %s",
                results.size() * houses.size(), seconds, out));
        System.exit(0);
    }

    /** One house, one run: its own bucket, the service's backfill, the output scored. */
    static HouseResult measure(InfluxDb server, HouseDay house, Run run, HomeAssistantRows.MeterRows meterRows)
            throws Exception {
        long t0 = System.nanoTime();
        List<Instant[]> backfills = run.mode() == Mode.WHOLE_DAY
                ? List.<Instant[]>of(new Instant[] {house.dayStart(), house.dayEnd()})
                : List.of(new Instant[] {house.dayStart(), house.midday()}, new Instant[] {house.midday(), house.dayEnd()});
        Instant scoredFrom = run.mode() == Mode.WHOLE_DAY ? house.dayStart() : house.midday();
        try (TestBucket bucket = bucket(server, house.house().name().replace(' ', '-') + "-" + run.estimator() + "-"
                + run.mode().name().toLowerCase(Locale.ROOT))) {
            ServiceRun.Output output = ServiceRun.run(bucket, house.homeAssistantRows(meterRows), run.estimator(), backfills,
                    house.dayStart().minusSeconds(86_400), house.dayEnd().plusSeconds(86_400));
            HouseResult result = new HouseResult(house.house().name(), house.steps(output.steps(), scoredFrom, THRESHOLD_W),
                    house.energy(output.energyWh()), house.energyCalibration(output.energyDays()), output.skipped());
            System.out.println(String.format(Locale.ROOT, "%s, %s, %s: %d correlations, %.1f s", house.house().name(),
                    run.estimator(), run.mode().label, output.steps().size(), (System.nanoTime() - t0) / 1e9));
            return result;
        }
    }

    private static InfluxDb server() {
        return InfluxDb.of(required("INFLUXDB_URL"), required("INFLUXDB_TOKEN"), required("INFLUXDB_ORG"));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set (scripts/accuracy.sh starts an InfluxDB and sets it)");
        }
        return value;
    }

    private static TestBucket bucket(InfluxDb server, String name) {
        InfluxDBClient admin = InfluxDBClientFactory.create(server.url(), server.token().toCharArray(), server.org());
        Organization org = admin.getOrganizationsApi().findOrganizations().stream()
                .filter(o -> o.getName().equals(server.org())).findFirst().orElseThrow();
        Bucket bucket = admin.getBucketsApi().createBucket(name + "-" + System.nanoTime(), org);
        return new TestBucket(server, bucket.getName(), bucket.getId(), admin);
    }
}
