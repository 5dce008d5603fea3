package io.energycorrelator.bench;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.WriteApi;
import com.influxdb.client.domain.WritePrecision;
import io.energycorrelator.config.CycleSettings;
import io.energycorrelator.config.EstimatorSettings;
import io.energycorrelator.config.EnergySettings;
import io.energycorrelator.config.InfluxSettings;
import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.config.Schema;
import io.energycorrelator.config.Settings;
import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.correlate.CorrelationPoints;
import io.energycorrelator.correlate.Correlator;
import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.CyclePlanner;
import io.energycorrelator.correlate.CycleOutcome;
import io.energycorrelator.correlate.CycleTally;
import io.energycorrelator.correlate.LookBack;
import io.energycorrelator.correlate.RouteNames;
import io.energycorrelator.correlate.SkipLog;
import io.energycorrelator.correlate.StateChangesRead;
import io.energycorrelator.devices.profile.ProfileChanges;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import io.energycorrelator.correlate.MeterWindowLoader;
import io.energycorrelator.correlate.LateRows;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.correlate.TrackedDomains;
import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.devices.DeviceProfiles;
import io.energycorrelator.estimate.StepEstimator;
import io.energycorrelator.estimate.StepEstimators;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.InfluxClientFactory;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.devices.profile.ProfileBook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark only: the live cycle in plain Java, without Camel: the service's own settings, queries, estimator,
 * correlations, device profiles and confirmed writes, called one after the other. The floor for the route's own overhead.
 * Runs {@code args[0]} cycles a processing interval apart, prints one line per cycle as the route logs it,
 * then waits to be ended (the benchmark reads its peak RSS first).
 */
public final class PlainJavaCycle {

    private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+):([^}]*)}}");

    private PlainJavaCycle() {
    }

    public static void main(String[] args) throws Exception {
        int cycles = Integer.parseInt(args[0]);
        Settings settings = settings(Path.of("application.properties"));
        InfluxSettings influxSettings = InfluxSettings.read(settings);
        CycleSettings cycleSettings = CycleSettings.read(settings);
        MeterSettings meterSettings = MeterSettings.read(settings);
        Schema schema = Schema.read(settings);
        ProfileBook profileBook = new ProfileBook(EnergySettings.read(settings).recentSteps());
        StepEstimator estimator = StepEstimators.from(EstimatorSettings.read(settings), meterSettings, profileBook);
        Clock clock = Clock.systemUTC();
        Duration reach = estimator.reach();
        Duration meterReach = reach.plus(meterSettings.maxReadingGap());

        InfluxDBClient influx = InfluxClientFactory.create(influxSettings);
        FluxQueries queries = new FluxQueries(influxSettings.bucket(), schema);
        StreamingQuery query = new StreamingQuery(influx, influxSettings.org(), influxSettings.timeout());
        Statistics statistics = new Statistics(clock);
        Watermark watermark = new Watermark(influx, query, queries, statistics, cycleSettings.lookback(), clock,
                influxSettings.bucket(), influxSettings.org());
        DeviceProfiles profiles = new DeviceProfiles(profileBook, query, queries, statistics, java.time.Duration.ofDays(90));
        SkipLog skipLog = new SkipLog();
        CyclePlanner planner = new CyclePlanner(watermark, cycleSettings, reach, clock);
        LateRows lateRows = new LateRows(query, queries, statistics, schema.entityTagHasDomain(), cycleSettings.lateDataWindow(),
                reach);
        MeterWindowLoader loader = new MeterWindowLoader(query, queries, statistics, meterSettings,
                schema.meterWattsPerUnit(), meterReach, estimator.settle());
        StateChangeReader reader = new StateChangeReader(query, queries, statistics, schema, reach, lateRows, loader);
        TrackedDomains domains = new TrackedDomains(schema.trackedDomains());
        Correlator correlator = new Correlator(reach, new Confidence(meterReach));
        WriteApi write = influx.makeWriteApi(); // the confirmed write camel-influxdb2 is handed
        DefaultCamelContext camel = new DefaultCamelContext(); // never started: it only makes the exchanges

        for (int i = 0; i < cycles; i++) {
            if (i > 0) {
                Thread.sleep(cycleSettings.interval().toMillis());
            }
            long t0 = System.nanoTime();
            Cycle cycle = planner.plan();
            // The beans keep their state in the exchange's properties, as in the route: an exchange holds them here.
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(RouteNames.CYCLE, cycle);
            lateRows.recallOnce(cycle);
            exchange.setProperty(RouteNames.TOO_LATE, lateRows.auditTooLate(cycle));
            ProfileChanges profileChanges = profiles.startRange();
            long t1 = System.nanoTime();
            List<StateChange> read = reader.read(cycle, exchange);
            StateChangesRead stateChangesRead = exchange.getProperty(RouteNames.STATE_CHANGES_READ, StateChangesRead.class);
            LookBack lookBack = exchange.getProperty(RouteNames.LOOK_BACK, LookBack.class);
            List<StateChange> changes = domains.keep(read, stateChangesRead, lookBack);
            long t2 = System.nanoTime();
            MeterWindow window = loader.load(changes, cycle, stateChangesRead, lookBack, exchange);
            changes = lateRows.withLateReadings(changes, lookBack, window);
            long t3 = System.nanoTime();
            List<Correlation> kept = new ArrayList<>();
            long noMeterData = 0;
            long belowThreshold = 0;
            for (StateChange change : changes) {
                PowerStep step = estimator.estimate(window, change);
                if (step == null) {
                    noMeterData++;
                    continue;
                }
                Correlation correlation = correlator.correlate(change, step, stateChangesRead, window);
                if (correlation.absoluteDeltaW() >= cycleSettings.minPowerDeltaW()) {
                    kept.add(correlation);
                    profiles.learnInTimeOrder(correlation, profileChanges);
                } else {
                    belowThreshold++;
                }
            }
            long t4 = System.nanoTime();
            // As the route: batches of correlations, the last with the changed profiles and the watermark.
            List<String> withLastBatch = watermark.pointsWithLastBatch(cycle, stateChangesRead, profiles.changedPoints(profileChanges));
            long written = 0;
            for (CorrelationPoints.Batch batch : CorrelationPoints.batchesOf(kept, withLastBatch)) {
                List<String> lines = CorrelationPoints.lines(batch.correlations());
                lines.addAll(batch.otherLines());
                write.writeRecords(influxSettings.bucket(), influxSettings.org(), WritePrecision.NS, lines);
                written += batch.correlations().size();
            }
            watermark.stored(stateChangesRead);
            lateRows.settled(cycle, stateChangesRead, lookBack, window);
            watermark.removeOlderPoints();
            CycleOutcome read0 = CycleTally.outcome(exchange);
            Map<String, Long> skipped = new TreeMap<>(read0.skipped());
            if (noMeterData > 0) {
                skipped.merge(SkipLog.NO_METER_DATA, noMeterData, Long::sum);
            }
            CycleOutcome outcome = new CycleOutcome(read0.eventsProcessed(), kept.size(), written, belowThreshold,
                    Map.copyOf(skipped), read0.backlog(), read0.settledUntil(), read0.late());
            statistics.cycleSucceeded(outcome);
            skipLog.summarize(cycle, outcome);
            long t5 = System.nanoTime();
            System.out.printf("%s done in %d ms: %d state changes, %d correlations written (plan %.1f ms, state changes %.1f ms,"
                    + " meter window %.1f ms, correlate %.1f ms, write %.1f ms)%n", cycle, (t5 - t0) / 1_000_000,
                    outcome.eventsProcessed(), outcome.correlationsWritten(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                    (t4 - t3) / 1e6, (t5 - t4) / 1e6);
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    /** The service's settings as application.properties declares them, each {@code {{env:NAME:default}}} resolved. */
    private static Settings settings(Path file) throws IOException {
        Properties raw = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            raw.load(in);
        }
        Map<String, String> rawByKey = new HashMap<>();
        raw.stringPropertyNames().forEach(key -> rawByKey.put(key, raw.getProperty(key)));
        return new Settings(key -> Optional.ofNullable(rawByKey.get(key)).map(PlainJavaCycle::resolve),
                Settings.environmentVariables(rawByKey));
    }

    private static String resolve(String raw) {
        Matcher m = ENV.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = System.getenv(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group(2)));
        }
        return m.appendTail(out).toString();
    }
}
