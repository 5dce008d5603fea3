package io.energycorrelator.config;

import com.influxdb.client.InfluxDBClient;
import io.energycorrelator.backfill.Backfill;
import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.correlate.CorrelationBatch;
import io.energycorrelator.correlate.CorrelationPoints;
import io.energycorrelator.correlate.Correlations;
import io.energycorrelator.correlate.CyclePlanner;
import io.energycorrelator.correlate.MeterWindowLoader;
import io.energycorrelator.correlate.PowerLookup;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.correlate.StorePower;
import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.estimate.StepEstimator;
import io.energycorrelator.estimate.StepEstimators;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.InfluxClientFactory;
import io.energycorrelator.observe.HealthReport;
import io.energycorrelator.observe.InfluxDbHealthCheck;
import io.energycorrelator.observe.InfluxDbProbe;
import io.energycorrelator.observe.Statistics;
import io.energycorrelator.observe.StatisticsReport;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.time.Duration;

/**
 * Validates the settings and binds the beans that the YAML routes call, by the names the routes use.
 * A bad setting throws {@link InvalidSettingException} here, before any route starts.
 */
public class CorrelatorConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CorrelatorConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.from(context.getPropertiesComponent()::resolveProperty);
        LOG.info("Starting with {}", settings);
        Clock clock = Clock.systemUTC();

        InfluxDBClient influx = InfluxClientFactory.create(settings);
        closeOnShutdown(context, influx);
        FluxQueries queries = new FluxQueries(settings);
        Statistics statistics = new Statistics(clock);
        InfluxDbProbe probe = new InfluxDbProbe(influx, settings);

        Registry registry = context.getRegistry();
        registry.bind("settings", settings);
        registry.bind("influxClient", influx);
        registry.bind("statistics", statistics);
        Watermark watermark = new Watermark(influx, queries, statistics, settings, clock);
        registry.bind("watermark", watermark);
        StepEstimator estimator = StepEstimators.from(settings);
        Duration reach = estimator.reach();
        // A reading may stand in for an instant up to the maximum gap away: the meter window reaches that far too.
        Duration meterReach = reach.plus(settings.maxReadingGap());
        registry.bind("cyclePlanner", new CyclePlanner(watermark, settings, reach, clock));
        registry.bind("stateChangeReader", new StateChangeReader(influx, queries, statistics, settings, reach));
        registry.bind("meterWindowLoader", new MeterWindowLoader(influx, queries, statistics, settings, meterReach));
        registry.bind("powerLookup", new PowerLookup(estimator));
        registry.bind("storePowerBefore", new StorePower(StorePower.BEFORE));
        registry.bind("storePowerAfter", new StorePower(StorePower.AFTER));
        registry.bind("correlations", new Correlations(reach, new Confidence(meterReach)));
        registry.bind("correlationBatch", new CorrelationBatch());
        registry.bind("correlationPoints", new CorrelationPoints());
        registry.bind("healthReport", new HealthReport(statistics, probe, settings, clock));
        registry.bind("statisticsReport", new StatisticsReport(statistics, settings));
        List<ExecutorService> backfillWorkers = new ArrayList<>();
        for (int i = 1; i <= settings.backfillWorkers(); i++) {
            backfillWorkers.add(context.getExecutorServiceManager().newSingleThreadExecutor(this, "backfill-worker-" + i));
        }
        registry.bind("backfill", new Backfill(context.createProducerTemplate(),
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "backfill"), backfillWorkers,
                settings, clock, Duration.ofSeconds(5), context::isStopping));

        HealthCheckRegistry.get(context).register(new InfluxDbHealthCheck(probe));
    }

    /** The client holds connections and threads: close it when Camel stops. */
    private static void closeOnShutdown(CamelContext context, InfluxDBClient influx) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    influx.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the InfluxDB client for shutdown", e);
        }
    }
}
