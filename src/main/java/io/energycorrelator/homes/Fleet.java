package io.energycorrelator.homes;

import io.energycorrelator.ServiceBeans;
import io.energycorrelator.cluster.Leadership;
import io.energycorrelator.cluster.Shards;
import io.energycorrelator.cluster.SingleNode;
import io.energycorrelator.cluster.ZooKeeperShards;
import io.energycorrelator.config.ClusterSettings;
import io.energycorrelator.config.CycleSettings;
import io.energycorrelator.config.HomeDefinition;
import io.energycorrelator.config.HealthSettings;
import io.energycorrelator.config.HttpSettings;
import io.energycorrelator.config.InfluxSettings;
import io.energycorrelator.config.InvalidSettingException;
import io.energycorrelator.config.MqttSettings;
import io.energycorrelator.config.Settings;
import io.energycorrelator.correlate.CycleBookkeeping;
import io.energycorrelator.correlate.LateRows;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.correlate.Watermark;
import io.energycorrelator.devices.DeviceProfiles;
import io.energycorrelator.homeassistant.MqttStatus;
import io.energycorrelator.http.ApiKey;
import io.energycorrelator.http.HttpFront;
import io.energycorrelator.influx.InfluxClientFactory;
import io.energycorrelator.influx.RequestTimer;
import io.energycorrelator.backfill.Backfill;
import io.energycorrelator.operations.BackfillMeters;
import io.energycorrelator.operations.CycleTimer;
import io.energycorrelator.operations.FleetHealth;
import io.energycorrelator.operations.SkippedRecords;
import io.energycorrelator.operations.StatisticsMeters;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.energycorrelator.operations.HealthReport;
import io.energycorrelator.operations.InfluxDbHealthCheck;
import io.energycorrelator.operations.InfluxDbProbe;
import io.energycorrelator.operations.InfluxRequestMeters;
import io.energycorrelator.operations.InfluxWriteCounter;
import io.energycorrelator.operations.MetricsRegistry;
import io.energycorrelator.operations.RouteMeters;
import com.influxdb.client.InfluxDBClient;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The wiring with a homes file: each home's beans made by {@link HomeWiring} from the same configuration classes as
 * a single home's; the names the shared routes use bound to {@link HomeDispatchers}; each home's own route policies
 * bound under its suffix; one InfluxDB client per server and token, shared by the homes on it; /health for the
 * process ({@link FleetHealth}), /homes for each home.
 */
public final class Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    /** Beans of the configuration classes that the process has once, not each home. */
    private static final Set<String> PROCESS_BEANS = Set.of("settings", "clock", "leaderOnly", "influxClient",
            "influxProbeClient", "influxDbProbe", "mqttStatus", "sensorTopics", "homeAssistantSensors", "cycleTimer",
            "responseHeaders", "dashboardFiles", "apiErrors", "dashboardRequests", "backfillChunks", "chunkRedelivery",
            "correlationPoints", "keptCorrelations");

    private Fleet() {
    }

    public static void configure(CamelContext context, List<HomeDefinition> definitions, Supplier<List<CamelConfiguration>> beanClasses) {
        Registry registry = context.getRegistry();
        Settings base = registry.mandatoryFindSingleByType(Settings.class);
        MqttSettings mqtt = registry.mandatoryFindSingleByType(MqttSettings.class);
        if (mqtt.enabled()) {
            throw new InvalidSettingException("Invalid configuration: correlator.mqtt.url (environment MQTT_URL) must be unset with"
                    + " a homes file (HOMES_FILE): the Home Assistant sensors are those of one home");
        }
        Clock clock = registry.mandatoryFindSingleByType(Clock.class);
        List<Home> homes = new ArrayList<>();
        ClusterSettings cluster = registry.mandatoryFindSingleByType(ClusterSettings.class);
        IntFunction<Leadership> shards = leadership(context, cluster, clock, homes);
        // A client is shared by the homes on its server; each write counts for the home of its org and bucket.
        Map<String, Statistics> writesByBucket = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, InfluxDBClient> clients = new LinkedHashMap<>();
        Map<String, HealthReport> health = new LinkedHashMap<>();
        // One probe per server and token (a home's own bucket shows in its cycles), all on one thread.
        HealthSettings healthSettings = registry.mandatoryFindSingleByType(HealthSettings.class);
        ScheduledExecutorService probing = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(Fleet.class, "influxdb-probe");
        Map<String, InfluxDbProbe> probes = new LinkedHashMap<>();
        List<InfluxDBClient> probeClients = new ArrayList<>();
        CycleSettings cycle = registry.mandatoryFindSingleByType(CycleSettings.class);
        for (HomeDefinition definition : definitions) {
            Settings settings = base.forHome(definition);
            Leadership leadership = shards.apply(Shards.of(definition.id(), cluster.shardCount()));
            InfluxSettings influx = InfluxSettings.read(settings);
            String server = influx.url() + "\n" + influx.token();
            InfluxDbProbe probe = probes.computeIfAbsent(server, key -> {
                InfluxDBClient probeClient = InfluxClientFactory.forProbes(influx, healthSettings.probeTimeout());
                probeClients.add(probeClient);
                return InfluxDbProbe.ofServer(probeClient, influx, healthSettings, probing);
            });
            InfluxDBClient client = clients.computeIfAbsent(server, key -> InfluxClientFactory.create(influx,
                    new RequestTimer(new InfluxRequestMeters(MetricsRegistry.of(context)), InfluxWriteCounter.byBucket(writesByBucket))));
            HomeWiring wiring = new HomeWiring(context, beanClasses.get(),
                    Map.of("settings", settings, "clock", clock, "leaderOnly", leadership, "influxClient", client));
            // Made now, while a bad value can still stop start-up naming the home and its key.
            wiring.names().stream().filter(name -> !PROCESS_BEANS.contains(name)).forEach(wiring::byName);
            Home home = new Home(definition.id(), wiring::byType);
            homes.add(home);
            writesByBucket.put(InfluxWriteCounter.key(influx.org(), influx.bucket()), home.bean(Statistics.class));
            String suffix = HomeRoutes.suffix(home.id());
            registry.bind("cycleBookkeeping" + suffix, home.bean(CycleBookkeeping.class));
            registry.bind("leaderOnly" + suffix, leadership);
            registry.bind(HomeInflux.DEFAULT_CLIENT + suffix, client);
            health.put(home.id(), new HealthReport(home.bean(Statistics.class), probe, cycle, clock, MqttStatus.disabled(), leadership));
        }
        List<InfluxDBClient> toClose = new ArrayList<>(clients.values());
        toClose.addAll(probeClients);
        closeOnStop(context, toClose);
        Homes all = new Homes(homes);
        HomeDispatchers.all(all).forEach((name, dispatcher) -> {
            registry.unbind(name);
            registry.bind(name, dispatcher);
        });
        // The sensors' routes load but never start with a homes file: their bean is the first home's.
        registry.unbind("homeAssistantSensors");
        registry.bind("homeAssistantSensors", homes.get(0).bean(io.energycorrelator.homeassistant.HomeAssistantSensors.class));
        ServiceBeans.homeAssistantSensors(context, mqtt, homes.get(0).bean(Leadership.class));
        registry.bind("homes", all);
        registry.bind("homeInflux", new HomeInflux(all));
        registry.bind("homeThreshold", new HomeThreshold(all));
        registry.bind("homeRoutes", new HomeRoutes(context, homes.stream().map(Home::id).toList()));
        registry.bind("homesReport", new HomesReport(health));
        LOG.info("Serving {} homes from the homes file: {}", homes.size(), homes.stream().map(Home::id).toList());

        probes.values().forEach(InfluxDbProbe::start);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarting(CamelContext camelContext) {
                probes.values().forEach(InfluxDbProbe::awaitFirstAnswer);
            }
        });
        // Camel's check "influxdb" (/observe/health): the first server's, where most fleets have one.
        HealthCheckRegistry.get(context).register(new InfluxDbHealthCheck(probes.values().iterator().next()));
        // /observe/metrics: each home's statistics, backfill and cycle times tagged home=<id>; Camel's meters per route
        // (a home's routes have its id in theirs).
        PrometheusMeterRegistry meters = MetricsRegistry.of(context);
        Map<String, Statistics> statistics = new LinkedHashMap<>();
        for (Home home : homes) {
            statistics.put(home.id(), home.bean(Statistics.class));
            Tags tags = Tags.of("home", home.id());
            new StatisticsMeters(home.bean(Statistics.class), clock, tags).bindTo(meters);
            new BackfillMeters(home.bean(Backfill.class), tags).bindTo(meters);
        }
        meters.getPrometheusRegistry().register(new SkippedRecords(statistics));
        registry.unbind("cycleTimer");
        registry.bind("cycleTimer", new CycleTimer(meters, true));
        RouteMeters.install(context, meters);
        HttpFront.install(context, new FleetHealth(health), new ApiKey(registry.mandatoryFindSingleByType(HttpSettings.class).apiKey()));
    }

    /**
     * Each home's leadership: a single process leads every home; with ZooKeeper, the leader of a home's shard
     * ({@link Shards}: one election per shard; a new term forgets the cache of every home of the shard).
     */
    private static IntFunction<Leadership> leadership(CamelContext context, ClusterSettings settings, Clock clock, List<Home> homes) {
        if (!settings.enabled()) {
            SingleNode single = new SingleNode(settings.nodeId(), clock.instant());
            return shard -> single;
        }
        Map<Integer, Leadership> shards = ZooKeeperShards.join(context, settings, shard -> () -> {
            for (Home home : homes) {
                if (Shards.of(home.id(), settings.shardCount()) == shard) {
                    home.bean(Watermark.class).forget();
                    home.bean(LateRows.class).forget();
                    home.bean(DeviceProfiles.class).forget();
                }
            }
        }, clock);
        LOG.info("Cluster: node {} on ZooKeeper {}, {} shards, may lead {}", settings.nodeId(), settings.zookeeper().orElseThrow(),
                settings.shardCount(), settings.shards());
        return shards::get;
    }

    private static void closeOnStop(CamelContext context, Iterable<InfluxDBClient> clients) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    clients.forEach(InfluxDBClient::close);
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the InfluxDB clients' close", e);
        }
    }
}
