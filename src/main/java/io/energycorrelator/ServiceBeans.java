package io.energycorrelator;

import com.influxdb.client.InfluxDBClient;
import io.energycorrelator.backfill.Backfill;
import io.energycorrelator.backfill.BackfillChunks;
import io.energycorrelator.backfill.ChunkRedelivery;
import io.energycorrelator.cluster.Leadership;
import io.energycorrelator.cluster.SingleNode;
import io.energycorrelator.cluster.ZooKeeperPair;
import io.energycorrelator.config.BackfillSettings;
import io.energycorrelator.config.ClusterSettings;
import io.energycorrelator.config.CycleSettings;
import io.energycorrelator.config.DashboardSettings;
import io.energycorrelator.config.DevicePowerFile;
import io.energycorrelator.config.EstimatorSettings;
import io.energycorrelator.config.HealthSettings;
import io.energycorrelator.config.HttpSettings;
import io.energycorrelator.config.InfluxSettings;
import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.config.MqttSettings;
import io.energycorrelator.config.OnStateSettings;
import io.energycorrelator.config.Schema;
import io.energycorrelator.config.SettingsReader;
import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.correlate.CorrelationMerge;
import io.energycorrelator.correlate.CorrelationPoints;
import io.energycorrelator.correlate.Correlator;
import io.energycorrelator.correlate.CyclePlanner;
import io.energycorrelator.correlate.CycleBookkeeping;
import io.energycorrelator.correlate.KeptCorrelations;
import io.energycorrelator.correlate.LateRows;
import io.energycorrelator.correlate.MeterWindowLoader;
import io.energycorrelator.correlate.PowerStepReader;
import io.energycorrelator.correlate.RefusedPoints;
import io.energycorrelator.correlate.SkipLog;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.correlate.SupersededCorrelations;
import io.energycorrelator.correlate.TrackedDomains;
import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.devices.ClimateActionReader;
import io.energycorrelator.devices.DeviceEnergy;
import io.energycorrelator.devices.DeviceProfiles;
import io.energycorrelator.devices.DevicesReport;
import io.energycorrelator.devices.IncompleteDays;
import io.energycorrelator.devices.SeenData;
import io.energycorrelator.dashboard.ApiErrors;
import io.energycorrelator.dashboard.DashboardFiles;
import io.energycorrelator.dashboard.DashboardRequests;
import io.energycorrelator.dashboard.MeterReadings;
import io.energycorrelator.dashboard.RecentCorrelations;
import io.energycorrelator.estimate.StepEstimator;
import io.energycorrelator.estimate.StepEstimators;
import io.energycorrelator.dashboard.DashboardQueries;
import io.energycorrelator.homeassistant.BrokerConnection;
import io.energycorrelator.homeassistant.HomeAssistantSensors;
import io.energycorrelator.homeassistant.OfflineOnShutdown;
import io.energycorrelator.homeassistant.SensorReadings;
import io.energycorrelator.homeassistant.SensorTopics;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.http.ApiKey;
import io.energycorrelator.http.HttpFront;
import io.energycorrelator.http.ResponseHeaders;
import io.energycorrelator.influx.InfluxClientFactory;
import io.energycorrelator.influx.RequestTimer;
import io.energycorrelator.operations.BackfillMeters;
import io.energycorrelator.operations.CycleTimer;
import io.energycorrelator.operations.InfluxRequestMeters;
import io.energycorrelator.operations.MetricsRegistry;
import io.energycorrelator.operations.RouteMeters;
import io.energycorrelator.operations.SkippedRecords;
import io.energycorrelator.operations.StatisticsMeters;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.operations.HealthReport;
import io.energycorrelator.operations.InfluxDbHealthCheck;
import io.energycorrelator.operations.InfluxDbProbe;
import io.energycorrelator.operations.InfluxWriteCounter;
import io.energycorrelator.homeassistant.MqttStatus;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.operations.StatisticsReport;
import io.energycorrelator.devices.profile.ConfiguredPowers;
import io.energycorrelator.devices.profile.DailyEnergy;
import io.energycorrelator.devices.profile.OnStates;
import io.energycorrelator.devices.profile.ProfileBook;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The composition root: reads and checks the settings (a bad value throws
 * {@link io.energycorrelator.config.InvalidSettingException} before any route starts), and binds the beans
 * that the YAML routes call, by the names the routes use. Each bean gets only the settings it uses.
 */
public class ServiceBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceBeans.class);

    @Override
    public void configure(CamelContext context) {
        SettingsReader settings = settingsReader(context);
        InfluxSettings influxSettings = InfluxSettings.read(settings);
        CycleSettings cycleSettings = CycleSettings.read(settings);
        MeterSettings meterSettings = MeterSettings.read(settings);
        EstimatorSettings estimatorSettings = EstimatorSettings.read(settings);
        Schema schema = Schema.read(settings);
        OnStateSettings onStateSettings = OnStateSettings.read(settings, schema);
        BackfillSettings backfillSettings = BackfillSettings.read(settings);
        MqttSettings mqttSettings = MqttSettings.read(settings);
        int recentSteps = (int) settings.integer("correlator.profiles.recent-steps", 5, 1_000);
        Duration forgetProfilesAfter = Duration.ofDays(settings.integer("correlator.profiles.forget-after-days", 1, 3_650));
        ZoneId energyZone = settings.zoneOrProcess("correlator.energy.zone");
        LOG.info("Energy days and today are cut at midnight in time zone {}", energyZone.getId());
        ConfiguredPowers configuredPowers = DevicePowerFile.read(settings);
        LOG.info("Configured device power: {} entit(ies) from {}", configuredPowers.size(),
                settings.required("correlator.energy.device-power-file", "a path"));
        settings.integer("correlator.energy.interval-minutes", 1, 1_440);
        DashboardSettings dashboardSettings = DashboardSettings.read(settings);
        HttpSettings httpSettings = HttpSettings.read(settings);
        HealthSettings healthSettings = HealthSettings.read(settings);
        ClusterSettings clusterSettings = ClusterSettings.read(settings);
        LOG.info("Starting with {}, {}, {}, {}, {}, {}", influxSettings, cycleSettings, estimatorSettings, schema, meterSettings,
                httpSettings);
        Clock clock = Clock.systemUTC();

        PrometheusMeterRegistry meters = MetricsRegistry.of(context);
        Statistics statistics = new Statistics(clock);
        InfluxDBClient influx = InfluxClientFactory.create(influxSettings,
                new RequestTimer(new InfluxRequestMeters(meters), new InfluxWriteCounter(statistics)));
        closeOnShutdown(context, influx);
        InfluxDBClient probeClient = InfluxClientFactory.forProbes(influxSettings, healthSettings.probeTimeout());
        closeOnShutdown(context, probeClient);
        FluxQueries queries = new FluxQueries(influxSettings.bucket(), schema);
        StreamingQuery query = new StreamingQuery(influx, influxSettings.org(), influxSettings.timeout());
        InfluxDbProbe probe = new InfluxDbProbe(probeClient, influxSettings, healthSettings,
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "influxdb-probe"));
        probe.start();
        // The first probe's answer is awaited only when the context starts (before its HTTP server does, so /health
        // knows it from the first request on): meanwhile the routes are loaded, which needs no InfluxDB.
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarting(CamelContext camelContext) {
                probe.awaitFirstAnswer();
            }
        });
        ProfileBook profileBook = new ProfileBook(recentSteps);
        StepEstimator estimator = StepEstimators.from(estimatorSettings, meterSettings, profileBook);
        Duration reach = estimator.reach();
        // A reading may stand in for an instant up to the maximum gap away: the meter window reaches that far too.
        Duration meterReach = reach.plus(meterSettings.maxReadingGap());
        Watermark watermark = new Watermark(influx, query, queries, statistics, cycleSettings.lookback(), clock,
                influxSettings.bucket(), influxSettings.org());

        Registry registry = context.getRegistry();
        registry.bind("influxClient", influx);
        registry.bind("statistics", statistics);
        registry.bind("watermark", watermark);
        registry.bind("cyclePlanner", new CyclePlanner(watermark, cycleSettings, reach, clock));
        LateRows lateRows = new LateRows(query, queries, statistics, schema.entityTagHasDomain(), cycleSettings.lateDataWindow(),
                reach);
        registry.bind("lateRows", lateRows);
        registry.bind("supersededCorrelations", new SupersededCorrelations(influx, influxSettings.bucket(), influxSettings.org()));
        MeterWindowLoader meterWindowLoader = new MeterWindowLoader(query, queries, statistics, meterSettings,
                schema.meterWattsPerUnit(), meterReach, estimator.settle());
        registry.bind("meterWindowLoader", meterWindowLoader);
        StateChangeReader stateChangeReader = new StateChangeReader(query, queries, statistics, schema, reach, lateRows,
                meterWindowLoader);
        registry.bind("stateChangeReader", stateChangeReader);
        registry.bind("trackedDomains", new TrackedDomains(schema.trackedDomains()));
        registry.bind("powerStepReader", new PowerStepReader(estimator));
        registry.bind("correlationMerge", new CorrelationMerge(new Correlator(reach, new Confidence(meterReach))));
        registry.bind("keptCorrelations", new KeptCorrelations());
        registry.bind("correlationPoints", new CorrelationPoints());
        registry.bind("refusedPoints", new RefusedPoints(statistics));
        SkipLog skipLog = new SkipLog();
        registry.bind("cycleBookkeeping", new CycleBookkeeping(statistics, skipLog));
        DeviceProfiles deviceProfiles = new DeviceProfiles(profileBook, query, queries, statistics, forgetProfilesAfter);
        registry.bind("deviceProfiles", deviceProfiles);
        // A new term as leader starts as a start does: nothing cached from an earlier term (another node worked meanwhile).
        Leadership leadership = leadership(context, clusterSettings, clock, () -> {
            watermark.forget();
            lateRows.forget();
            deviceProfiles.forget();
        });
        registry.bind("leaderOnly", leadership);
        OnStates onStates = new OnStates(onStateSettings.onStates(), onStateSettings.climateOnActions());
        LOG.info("Daily energy: {}; climate action field: {}; correlated but not valued: {}", onStates,
                onStateSettings.climateActionField().isEmpty() ? "none" : onStateSettings.climateActionField(),
                onStateSettings.unvalued(schema));
        DeviceEnergy deviceEnergy = new DeviceEnergy(stateChangeReader, new SeenData(query, queries, statistics),
                new IncompleteDays(query, queries, statistics), new DailyEnergy(energyZone, onStates, configuredPowers), profileBook, clock,
                DeviceEnergy.MAX_STATE_CHANGES_PER_READ,
                new ClimateActionReader(query, queries, statistics, schema, onStateSettings.climateActionField()));
        registry.bind("deviceEnergy", deviceEnergy);
        registry.bind("devicesReport", new DevicesReport(profileBook, deviceEnergy, clock, configuredPowers));
        MqttStatus mqttStatus = homeAssistantSensors(context, mqttSettings, profileBook, deviceEnergy, configuredPowers, clock,
                leadership);
        HealthReport healthReport = new HealthReport(statistics, probe, cycleSettings, clock, mqttStatus, leadership);
        registry.bind("influxDbProbe", probe);
        registry.bind("responseHeaders", new ResponseHeaders());
        registry.bind("statisticsReport", new StatisticsReport(statistics, leadership,
                configInEffect(influxSettings, cycleSettings, meterSettings, estimatorSettings, reach, schema)));
        // routes/backfill.camel.yaml; its workers are the thread pool profile backfill-workers (application.properties).
        Backfill backfill = new Backfill(backfillSettings, clock,
                // A backfill stops with the service, and on a leader that lost its leadership (the new one may redo it).
                () -> context.isStopping() || !leadership.leads(), skipLog);
        registry.bind("backfill", backfill);
        registry.bind("backfillChunks", new BackfillChunks(cycleSettings.maxSpan(), cycleSettings.maxEvents()));
        registry.bind("chunkRedelivery", new ChunkRedelivery());
        bindMetrics(registry, meters, statistics, backfill, clock);
        RouteMeters.install(context, meters);
        bindDashboard(registry, query, queries, influxSettings, schema, dashboardSettings, clock);

        HealthCheckRegistry.get(context).register(new InfluxDbHealthCheck(probe));
        HttpFront.install(context, healthReport, new ApiKey(httpSettings.apiKey()));
    }

    /** /observe/metrics: the statistics, the backfill and the cycle's duration (the InfluxDB client's timer is above). */
    private static void bindMetrics(Registry registry, PrometheusMeterRegistry meters, Statistics statistics,
            Backfill backfill, Clock clock) {
        new StatisticsMeters(statistics, clock).bindTo(meters);
        new BackfillMeters(backfill).bindTo(meters);
        meters.getPrometheusRegistry().register(new SkippedRecords(statistics));
        registry.bind("cycleTimer", new CycleTimer(meters));
    }

    /** The dashboard (routes/dashboard.camel.yaml): its files and the beans behind its JSON endpoints. */
    private static void bindDashboard(Registry registry, StreamingQuery streaming, FluxQueries queries,
            InfluxSettings influxSettings, Schema schema, DashboardSettings dashboard, Clock clock) {
        registry.bind("dashboardFiles", new DashboardFiles());
        registry.bind("dashboardRequests", new DashboardRequests(dashboard.lookback(), clock));
        registry.bind("recentCorrelations", new RecentCorrelations(streaming,
                new DashboardQueries(influxSettings.bucket(), CorrelationPoints.MEASUREMENT), dashboard.lookback(), clock));
        registry.bind("meterReadings", new MeterReadings(streaming, queries, schema.meterWattsPerUnit()));
        registry.bind("apiErrors", new ApiErrors());
    }

    /**
     * The Home Assistant sensors (routes/home-assistant.camel.yaml): their bean and MQTT component, and whether the
     * routes start ({@code correlator.mqtt.enabled}, true when a broker is set); their status, for /health.
     */
    private MqttStatus homeAssistantSensors(CamelContext context, MqttSettings settings, ProfileBook profileBook,
            DeviceEnergy deviceEnergy, ConfiguredPowers configuredPowers, Clock clock, Leadership leadership) {
        context.getPropertiesComponent().addInitialProperty("correlator.mqtt.enabled", Boolean.toString(settings.enabled()));
        // The password as resolved (MQTT_PASSWORD, or the file MQTT_PASSWORD_FILE names), for the routes that connect on
        // their own (routes/examples/mqtt-publish.camel.yaml); Camel masks it in the endpoint URIs it shows.
        context.getPropertiesComponent().addOverrideProperty("correlator.mqtt.password", settings.password().orElse(""));
        MqttStatus status = settings.enabled() ? MqttStatus.enabled() : MqttStatus.disabled();
        SensorTopics topics = new SensorTopics(settings.discoveryPrefix(), settings.topicPrefix());
        HomeAssistantSensors sensors = new HomeAssistantSensors(
                new SensorReadings(profileBook, settings.minConfidence(), deviceEnergy, configuredPowers), topics, status, clock);
        context.getRegistry().bind("homeAssistantSensors", sensors);
        context.addComponent(BrokerConnection.SCHEME, BrokerConnection.component(settings, topics));
        if (settings.enabled()) {
            LOG.info("Home Assistant sensors: publishing to {}", settings);
            context.getManagementStrategy().addEventNotifier(
                    new OfflineOnShutdown(context.createProducerTemplate(), sensors, status, leadership::leads));
        }
        return status;
    }

    /**
     * The bean {@code leaderOnly}: without CLUSTER_ZOOKEEPER one process that always leads (a policy that does
     * nothing); with it, the leader election of a pair on ZooKeeper.
     */
    private static Leadership leadership(CamelContext context, ClusterSettings settings, Clock clock, Runnable onNewTerm) {
        if (!settings.enabled()) {
            return new SingleNode(settings.nodeId(), clock.instant());
        }
        LOG.info("Cluster: node {} of a pair on ZooKeeper {} (session timeout {} s)", settings.nodeId(),
                settings.zookeeper().orElseThrow(), settings.sessionTimeout().toSeconds());
        return ZooKeeperPair.join(context, settings.zookeeper().orElseThrow(), settings.nodeId(), settings.sessionTimeout(),
                onNewTerm, clock);
    }

    /**
     * The settings as application.properties declares them: each key's environment variable comes from its
     * {@code {{env:NAME:default}}}, so that an error message can name it.
     */
    static SettingsReader settingsReader(CamelContext context) {
        Map<String, String> raw = new HashMap<>();
        for (String location : context.getPropertiesComponent().getLocations()) {
            raw.putAll(rawProperties(location.replaceFirst("^optional:", "")));
        }
        return new SettingsReader(key -> context.getPropertiesComponent().resolveProperty(key),
                SettingsReader.environmentVariables(raw));
    }

    /** A properties file as written, placeholders unresolved; empty when it is not a readable file. */
    private static Map<String, String> rawProperties(String location) {
        Map<String, String> raw = new HashMap<>();
        if (location.startsWith("file:")) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(location.substring("file:".length())))) {
                file.load(in);
            } catch (IOException e) {
                return raw;
            }
            file.stringPropertyNames().forEach(key -> raw.put(key, file.getProperty(key)));
        }
        return raw;
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

    /** A client holds connections and threads: close it when Camel stops. */
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
