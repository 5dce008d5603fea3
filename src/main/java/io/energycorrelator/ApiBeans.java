package io.energycorrelator;

import io.energycorrelator.cluster.Leadership;
import io.energycorrelator.config.CycleSettings;
import io.energycorrelator.config.DashboardSettings;
import io.energycorrelator.config.EstimatorSettings;
import io.energycorrelator.config.InfluxSettings;
import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.config.Schema;
import io.energycorrelator.correlate.CorrelationPoints;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.dashboard.ApiErrors;
import io.energycorrelator.dashboard.DashboardFiles;
import io.energycorrelator.dashboard.DashboardQueries;
import io.energycorrelator.dashboard.DashboardRequests;
import io.energycorrelator.dashboard.MeterReadings;
import io.energycorrelator.dashboard.RecentCorrelations;
import io.energycorrelator.estimate.StepEstimator;
import io.energycorrelator.http.ResponseHeaders;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.operations.CycleTimer;
import io.energycorrelator.operations.MetricsRegistry;
import io.energycorrelator.operations.StatisticsReport;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The beans behind the HTTP API (routes/http-api.camel.yaml) and the dashboard (routes/dashboard.camel.yaml). */
public class ApiBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public ResponseHeaders responseHeaders() {
        return new ResponseHeaders();
    }

    @BindToRegistry(lazy = true)
    public StatisticsReport statisticsReport(Statistics statistics, Leadership leadership, InfluxSettings influx, CycleSettings cycle,
            MeterSettings meter, EstimatorSettings estimator, StepEstimator stepEstimator, Schema schema) {
        return new StatisticsReport(statistics, leadership, configInEffect(influx, cycle, meter, estimator, stepEstimator.reach(), schema));
    }

    /** The cycle's duration, on /observe/metrics. */
    @BindToRegistry(lazy = true)
    public CycleTimer cycleTimer(CamelContext context) {
        return new CycleTimer(MetricsRegistry.of(context));
    }

    @BindToRegistry(lazy = true)
    public DashboardFiles dashboardFiles() {
        return new DashboardFiles();
    }

    @BindToRegistry(lazy = true)
    public DashboardRequests dashboardRequests(DashboardSettings dashboard, Clock clock) {
        return new DashboardRequests(dashboard.lookback(), clock);
    }

    @BindToRegistry(lazy = true)
    public RecentCorrelations recentCorrelations(StreamingQuery query, InfluxSettings influx, DashboardSettings dashboard, Clock clock) {
        return new RecentCorrelations(query, new DashboardQueries(influx.bucket(), CorrelationPoints.MEASUREMENT), dashboard.lookback(),
                clock);
    }

    @BindToRegistry(lazy = true)
    public MeterReadings meterReadings(StreamingQuery query, FluxQueries queries, Schema schema) {
        return new MeterReadings(query, queries, schema.meterWattsPerUnit());
    }

    @BindToRegistry(lazy = true)
    public ApiErrors apiErrors() {
        return new ApiErrors();
    }

    /** What GET /statistics shows under "config": the values in effect, the token never among them. */
    private static Map<String, Object> configInEffect(InfluxSettings influx, CycleSettings cycle, MeterSettings meter,
            EstimatorSettings estimator, Duration reach, Schema schema) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("correlation_window_seconds", reach.multipliedBy(2).toSeconds());
        config.put("min_power_delta_w", cycle.minPowerDeltaW());
        config.put("processing_interval_seconds", cycle.interval().toSeconds());
        config.put("lookback_minutes", cycle.lookback().toMinutes());
        config.put("late_data_grace_seconds", cycle.lateDataGrace().toSeconds());
        config.put("late_data_window_minutes", cycle.lateDataWindow().toMinutes());
        config.put("max_events_per_cycle", cycle.maxEvents());
        config.put("max_cycle_span_minutes", cycle.maxSpan().toMinutes());
        config.put("max_reading_gap_seconds", meter.maxReadingGap().toSeconds());
        config.put("meter_max_silence_seconds", meter.maxSilence().toSeconds());
        config.put("estimator", estimator.name());
        Map<String, Object> parameters = new LinkedHashMap<>();
        estimator.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(p -> parameters.put(p.getKey(), p.getValue().toSeconds()));
        config.put("estimator_parameters", parameters);
        config.put("estimator_reach_seconds", reach.toSeconds());
        config.put("domains", schema.trackedDomains());
        config.put("schema", schema.name());
        config.put("influxdb_url", influx.url().toString());
        config.put("influxdb_org", influx.org());
        config.put("influxdb_bucket", influx.bucket());
        return config;
    }
}
