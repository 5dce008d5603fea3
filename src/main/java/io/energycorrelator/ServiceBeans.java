package io.energycorrelator;

import io.energycorrelator.backfill.Backfill;
import io.energycorrelator.cluster.Leadership;
import io.energycorrelator.config.BackfillSettings;
import io.energycorrelator.config.ClusterSettings;
import io.energycorrelator.config.CycleSettings;
import io.energycorrelator.config.DashboardSettings;
import io.energycorrelator.config.EnergySettings;
import io.energycorrelator.config.EstimatorSettings;
import io.energycorrelator.config.HealthSettings;
import io.energycorrelator.config.HttpSettings;
import io.energycorrelator.config.InfluxSettings;
import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.config.MqttSettings;
import io.energycorrelator.config.OnStateSettings;
import io.energycorrelator.config.Schema;
import io.energycorrelator.config.HomeDefinition;
import io.energycorrelator.config.HomesFile;
import io.energycorrelator.config.Settings;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.homes.Fleet;
import io.energycorrelator.homes.Home;
import io.energycorrelator.homes.HomeInflux;
import io.energycorrelator.homes.HomeRoutes;
import io.energycorrelator.homes.HomeThreshold;
import io.energycorrelator.homes.Homes;
import io.energycorrelator.homes.HomesReport;
import io.energycorrelator.devices.profile.OnStates;
import io.energycorrelator.homeassistant.BrokerConnection;
import io.energycorrelator.homeassistant.HomeAssistantSensors;
import io.energycorrelator.homeassistant.MqttStatus;
import io.energycorrelator.homeassistant.OfflineOnShutdown;
import io.energycorrelator.homeassistant.SensorTopics;
import io.energycorrelator.http.ApiKey;
import io.energycorrelator.http.HttpFront;
import io.energycorrelator.operations.BackfillMeters;
import io.energycorrelator.operations.HealthReport;
import io.energycorrelator.operations.InfluxDbHealthCheck;
import io.energycorrelator.operations.InfluxDbProbe;
import io.energycorrelator.operations.MetricsRegistry;
import io.energycorrelator.operations.RouteMeters;
import io.energycorrelator.operations.SkippedRecords;
import io.energycorrelator.operations.StatisticsMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.LifecycleStrategySupport;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring's last step. The beans the YAML routes call are {@code @BindToRegistry} methods of the configuration
 * classes {@link #addTo} adds, each named as the routes name it; their settings are beans too ({@link SettingsBeans}).
 * They are lazy, so that Camel resolves each method's parameters from the registry when it is first needed, whatever
 * the order of the methods; here, before any route starts, the settings are checked and every bean created, so that
 * a bad value stops start-up naming its key. What is not a bean is set up here: the probe that the context's start
 * awaits, the health check, the HTTP front, the MQTT component and the meters.
 */
public class ServiceBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceBeans.class);
    /** Threads that run the homes' cycles and daily energy. */
    public static final String CYCLE_THREADS = "correlator.cycle-threads";

    /**
     * The configuration classes whose {@code @BindToRegistry} methods declare the beans (new ones for each call: a Main,
     * or a home of the homes file).
     */
    public static List<CamelConfiguration> beanClasses() {
        return List.of(new SettingsBeans(), new InfluxBeans(), new CorrelationBeans(), new DeviceBeans(), new ApiBeans());
    }

    /** The service's configuration classes, this one last (its {@link #configure} uses the others' beans). */
    public static void addTo(MainConfigurationProperties main) {
        beanClasses().forEach(main::addConfiguration);
        main.addConfiguration(new ServiceBeans());
    }

    /**
     * The pool of the homes' cycles and daily energy. Its queue holds each home's two scheduled routes' next runs:
     * unbounded, where Camel's default profile refuses the 1,001st (a replica of 500 homes would not start).
     */
    static ScheduledExecutorService homeCycles(CamelContext context, int threads) {
        ThreadPoolProfile profile = new ThreadPoolProfile("home-cycles");
        profile.setPoolSize(threads);
        profile.setMaxQueueSize(-1);
        return context.getExecutorServiceManager().newScheduledThreadPool(ServiceBeans.class, "home-cycles", profile);
    }

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        checkSettings(registry);
        Settings settings = bean(registry, Settings.class);
        // Every home's cycles and daily energy share one pool of threads (the routes' scheduler:, #homeCycles).
        int threads = (int) settings.get(CYCLE_THREADS).wholeNumber(1, 256);
        registry.bind("homeCycles", ScheduledExecutorService.class, homeCycles(context, threads));
        List<HomeDefinition> homesFile = HomesFile.read(settings);
        if (!homesFile.isEmpty()) {
            Fleet.configure(context, homesFile, ServiceBeans::beanClasses);
            return;
        }
        createEveryBean(registry);
        // One home, "default": its beans are the registry's, by the names the routes use.
        Homes homes = new Homes(List.of(new Home(Homes.DEFAULT, registry::mandatoryFindSingleByType)));
        registry.bind("homes", homes);
        registry.bind("homeInflux", new HomeInflux(homes));
        registry.bind("homeThreshold", new HomeThreshold(homes));
        registry.bind("homeRoutes", new HomeRoutes(context, List.of(Homes.DEFAULT)));

        InfluxDbProbe probe = bean(registry, InfluxDbProbe.class);
        probe.start();
        // The first probe's answer is awaited only when the context starts (before its HTTP server does, so /health
        // knows it from the first request on): meanwhile the routes are loaded, which needs no InfluxDB.
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarting(CamelContext camelContext) {
                probe.awaitFirstAnswer();
            }
        });
        Leadership leadership = bean(registry, Leadership.class);
        MqttStatus mqttStatus = homeAssistantSensors(context, bean(registry, MqttSettings.class), leadership);
        installMeters(context, bean(registry, Statistics.class), bean(registry, Backfill.class), bean(registry, Clock.class));

        HealthCheckRegistry.get(context).register(new InfluxDbHealthCheck(probe));
        HealthReport health = new HealthReport(bean(registry, Statistics.class), probe, bean(registry, CycleSettings.class),
                bean(registry, Clock.class), mqttStatus, leadership);
        registry.bind("homesReport", new HomesReport(Map.of(Homes.DEFAULT, health)));
        HttpFront.install(context, health, new ApiKey(bean(registry, HttpSettings.class).apiKey()));
    }

    /** Each settings record in turn (the first bad value is the one named), and what start-up says of them. */
    private static void checkSettings(Registry registry) {
        InfluxSettings influx = bean(registry, InfluxSettings.class);
        CycleSettings cycle = bean(registry, CycleSettings.class);
        MeterSettings meter = bean(registry, MeterSettings.class);
        EstimatorSettings estimator = bean(registry, EstimatorSettings.class);
        Schema schema = bean(registry, Schema.class);
        OnStateSettings onStates = bean(registry, OnStateSettings.class);
        bean(registry, BackfillSettings.class);
        bean(registry, MqttSettings.class);
        EnergySettings energy = bean(registry, EnergySettings.class);
        LOG.info("Energy days and today are cut at midnight in time zone {}", energy.zone().getId());
        LOG.info("Configured device power: {} entit(ies) from {}", energy.configuredPowers().size(), energy.devicePowerFile());
        bean(registry, DashboardSettings.class);
        HttpSettings http = bean(registry, HttpSettings.class);
        bean(registry, HealthSettings.class);
        bean(registry, ClusterSettings.class);
        LOG.info("Starting with {}, {}, {}, {}, {}, {}", influx, cycle, estimator, schema, meter, http);
        LOG.info("Daily energy: {}; climate action field: {}; correlated but not valued: {}",
                bean(registry, OnStates.class),
                onStates.climateActionField().isEmpty() ? "none" : onStates.climateActionField(), onStates.unvalued(schema));
    }

    /**
     * The Home Assistant sensors' MQTT component, and whether their routes start ({@code correlator.mqtt.enabled});
     * when on, their "offline" on shutdown.
     */
    public static MqttStatus homeAssistantSensors(CamelContext context, MqttSettings settings, Leadership leadership) {
        context.getPropertiesComponent().addInitialProperty("correlator.mqtt.enabled", Boolean.toString(settings.enabled()));
        // The password as resolved (MQTT_PASSWORD, or the file MQTT_PASSWORD_FILE names), for the routes that connect on
        // their own (routes/examples/mqtt-publish.camel.yaml); Camel masks it in the endpoint URIs it shows.
        context.getPropertiesComponent().addOverrideProperty("correlator.mqtt.password", settings.password().orElse(""));
        MqttStatus status = bean(context.getRegistry(), MqttStatus.class);
        context.addComponent(BrokerConnection.SCHEME, BrokerConnection.component(settings, bean(context.getRegistry(), SensorTopics.class)));
        if (settings.enabled()) {
            LOG.info("Home Assistant sensors: publishing to {}", settings);
            context.getManagementStrategy().addEventNotifier(new OfflineOnShutdown(context.createProducerTemplate(),
                    bean(context.getRegistry(), HomeAssistantSensors.class), status, leadership::leads));
        }
        return status;
    }

    /** /observe/metrics: the statistics, the backfill, and Camel's meters per route (the cycle's timer is a bean). */
    private static void installMeters(CamelContext context, Statistics statistics, Backfill backfill, Clock clock) {
        PrometheusMeterRegistry meters = MetricsRegistry.of(context);
        new StatisticsMeters(statistics, clock).bindTo(meters);
        new BackfillMeters(backfill).bindTo(meters);
        meters.getPrometheusRegistry().register(new SkippedRecords(statistics));
        RouteMeters.install(context, meters);
    }

    /**
     * Every bean the configuration classes declare, created now while start-up can still stop: a lazy bean would
     * otherwise fail at its first use. Only ours: a bean Camel or an extension bound stays as lazy as it was.
     */
    private static void createEveryBean(Registry registry) {
        for (CamelConfiguration beans : beanClasses()) {
            for (Method method : beans.getClass().getMethods()) {
                BindToRegistry bind = method.getAnnotation(BindToRegistry.class);
                if (bind != null) {
                    registry.lookupByName(bind.value().isEmpty() ? method.getName() : bind.value());
                }
            }
        }
    }

    private static <T> T bean(Registry registry, Class<T> type) {
        return registry.mandatoryFindSingleByType(type);
    }
}
