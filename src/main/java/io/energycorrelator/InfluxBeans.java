package io.energycorrelator;

import com.influxdb.client.InfluxDBClient;
import io.energycorrelator.config.HealthSettings;
import io.energycorrelator.config.InfluxSettings;
import io.energycorrelator.config.Schema;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.InfluxClientFactory;
import io.energycorrelator.influx.RequestTimer;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.operations.InfluxDbProbe;
import io.energycorrelator.operations.InfluxRequestMeters;
import io.energycorrelator.operations.InfluxWriteCounter;
import io.energycorrelator.operations.MetricsRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.time.Clock;

/**
 * InfluxDB: the clients (closed by the registry when Camel stops: they hold connections and threads), the
 * queries every reader shares, the probe behind /health, and the counters and clock the whole service shares.
 */
public class InfluxBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public Clock clock() {
        return Clock.systemUTC();
    }

    @BindToRegistry(lazy = true)
    public Statistics statistics(Clock clock) {
        return new Statistics(clock);
    }

    /** Every request is timed (/observe/metrics), and every write InfluxDB answered is counted. */
    @BindToRegistry(value = "influxClient", lazy = true, destroyMethod = "close")
    public InfluxDBClient influxClient(InfluxSettings settings, Statistics statistics, CamelContext context) {
        return InfluxClientFactory.create(settings,
                new RequestTimer(new InfluxRequestMeters(MetricsRegistry.of(context)), new InfluxWriteCounter(statistics)));
    }

    /** A client of its own, with the probe's short timeout. */
    @BindToRegistry(value = "influxProbeClient", lazy = true, destroyMethod = "close")
    public InfluxDBClient influxProbeClient(InfluxSettings settings, HealthSettings health) {
        return InfluxClientFactory.forProbes(settings, health.probeTimeout());
    }

    @BindToRegistry(lazy = true)
    public StreamingQuery streamingQuery(@BeanInject("influxClient") InfluxDBClient influx, InfluxSettings settings) {
        return new StreamingQuery(influx, settings.org(), settings.timeout());
    }

    @BindToRegistry(lazy = true)
    public FluxQueries fluxQueries(InfluxSettings settings, Schema schema) {
        return new FluxQueries(settings.bucket(), schema);
    }

    /** Started by {@link ServiceBeans}, which also makes the context's start await its first answer. */
    @BindToRegistry(value = "influxDbProbe", lazy = true)
    public InfluxDbProbe influxDbProbe(@BeanInject("influxProbeClient") InfluxDBClient probeClient, InfluxSettings settings,
            HealthSettings health, CamelContext context) {
        return new InfluxDbProbe(probeClient, settings, health,
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "influxdb-probe"));
    }
}
