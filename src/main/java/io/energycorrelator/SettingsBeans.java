package io.energycorrelator;

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
import io.energycorrelator.config.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings, checked, as beans that the other configuration classes receive by type: each record reads the
 * keys it uses from Camel's properties component, and a bad value throws
 * {@link io.energycorrelator.config.InvalidSettingException} naming the key (see {@link ServiceBeans}, which
 * creates them all before any route starts).
 */
public class SettingsBeans implements CamelConfiguration {

    /**
     * Values resolved by Camel; each key's environment variable from its value as the properties files were loaded
     * (the files' sources only: an override, e.g. a test's, would hide the {@code {{env:NAME:default}}}).
     */
    @BindToRegistry(lazy = true)
    public Settings settings(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Map<Object, Object> written = new HashMap<>();
        List<PropertiesSource> sources = properties.getPropertiesSources();
        for (int i = sources.size() - 1; i >= 0; i--) { // lowest priority first, as Camel merges them
            if (sources.get(i) instanceof LoadablePropertiesSource loadable) {
                written.putAll(loadable.loadProperties());
            }
        }
        return new Settings(properties::resolveProperty, Settings.environmentVariables(written));
    }

    @BindToRegistry(lazy = true)
    public InfluxSettings influxSettings(Settings settings) {
        return InfluxSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public CycleSettings cycleSettings(Settings settings) {
        return CycleSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public MeterSettings meterSettings(Settings settings) {
        return MeterSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public EstimatorSettings estimatorSettings(Settings settings) {
        return EstimatorSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public Schema schema(Settings settings) {
        return Schema.read(settings);
    }

    @BindToRegistry(lazy = true)
    public OnStateSettings onStateSettings(Settings settings, Schema schema) {
        return OnStateSettings.read(settings, schema);
    }

    @BindToRegistry(lazy = true)
    public EnergySettings energySettings(Settings settings) {
        return EnergySettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public BackfillSettings backfillSettings(Settings settings) {
        return BackfillSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public MqttSettings mqttSettings(Settings settings) {
        return MqttSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public DashboardSettings dashboardSettings(Settings settings) {
        return DashboardSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public HttpSettings httpSettings(Settings settings) {
        return HttpSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public HealthSettings healthSettings(Settings settings) {
        return HealthSettings.read(settings);
    }

    @BindToRegistry(lazy = true)
    public ClusterSettings clusterSettings(Settings settings) {
        return ClusterSettings.read(settings);
    }
}
