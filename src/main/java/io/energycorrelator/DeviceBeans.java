package io.energycorrelator;

import io.energycorrelator.config.EnergySettings;
import io.energycorrelator.config.MqttSettings;
import io.energycorrelator.config.OnStateSettings;
import io.energycorrelator.config.Schema;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.devices.ClimateActionReader;
import io.energycorrelator.devices.DeviceEnergy;
import io.energycorrelator.devices.DevicesReport;
import io.energycorrelator.devices.IncompleteDays;
import io.energycorrelator.devices.SeenData;
import io.energycorrelator.devices.profile.DailyEnergy;
import io.energycorrelator.devices.profile.OnStates;
import io.energycorrelator.devices.profile.ProfileBook;
import io.energycorrelator.homeassistant.HomeAssistantSensors;
import io.energycorrelator.homeassistant.MqttStatus;
import io.energycorrelator.homeassistant.SensorReadings;
import io.energycorrelator.homeassistant.SensorTopics;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

import java.time.Clock;

/**
 * The devices' daily energy and report (routes/devices.camel.yaml, GET /devices), and their Home Assistant sensors
 * (routes/home-assistant.camel.yaml; their MQTT component is set up by {@link ServiceBeans}).
 */
public class DeviceBeans implements CamelConfiguration {

    /** Which states count as on, per domain, for the daily energy. */
    @BindToRegistry(lazy = true)
    public OnStates onStates(OnStateSettings settings) {
        return new OnStates(settings.onStates(), settings.climateOnActions());
    }

    @BindToRegistry(lazy = true)
    public DeviceEnergy deviceEnergy(StateChangeReader stateChangeReader, StreamingQuery query, FluxQueries queries,
            Statistics statistics, Schema schema, OnStateSettings onStateSettings, OnStates onStates, EnergySettings energy,
            ProfileBook profileBook, Clock clock) {
        return new DeviceEnergy(stateChangeReader, new SeenData(query, queries, statistics), new IncompleteDays(query, queries, statistics),
                new DailyEnergy(energy.zone(), onStates, energy.configuredPowers()),
                profileBook, clock, DeviceEnergy.MAX_STATE_CHANGES_PER_READ,
                new ClimateActionReader(query, queries, statistics, schema, onStateSettings.climateActionField()));
    }

    @BindToRegistry(lazy = true)
    public DevicesReport devicesReport(ProfileBook profileBook, DeviceEnergy deviceEnergy, Clock clock, EnergySettings energy) {
        return new DevicesReport(profileBook, deviceEnergy, clock, energy.configuredPowers());
    }

    /** For /health: whether the sensors are on ({@code correlator.mqtt.enabled}, true when a broker is set). */
    @BindToRegistry(lazy = true)
    public MqttStatus mqttStatus(MqttSettings settings) {
        return settings.enabled() ? MqttStatus.enabled() : MqttStatus.disabled();
    }

    @BindToRegistry(lazy = true)
    public SensorTopics sensorTopics(MqttSettings settings) {
        return new SensorTopics(settings.discoveryPrefix(), settings.topicPrefix());
    }

    @BindToRegistry(lazy = true)
    public HomeAssistantSensors homeAssistantSensors(MqttSettings settings, ProfileBook profileBook, DeviceEnergy deviceEnergy,
            EnergySettings energy, SensorTopics topics, MqttStatus status, Clock clock) {
        return new HomeAssistantSensors(new SensorReadings(profileBook, settings.minConfidence(), deviceEnergy, energy.configuredPowers()),
                topics, status, clock);
    }
}
