package io.energycorrelator.homeassistant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryConfigTest {

    private static final SensorTopics TOPICS = new SensorTopics("ha", "house/energy");

    @Test
    void topicsFollowThePrefixesAndTheEntityId() {
        assertThat(TOPICS.availability()).isEqualTo("house/energy/status");
        assertThat(TOPICS.config("switch.kettle", Sensor.POWER)).isEqualTo("ha/sensor/energy-correlator/switch_kettle_power/config");
        assertThat(TOPICS.config("climate.heat_pump", Sensor.ENERGY))
                .isEqualTo("ha/sensor/energy-correlator/climate_heat_pump_energy/config");
        assertThat(TOPICS.state("switch.kettle", Sensor.POWER)).isEqualTo("house/energy/switch_kettle/power");
        assertThat(TOPICS.state("light.hall", Sensor.ENERGY)).isEqualTo("house/energy/light_hall/energy");
        assertThat(TOPICS.attributes("switch.kettle")).isEqualTo("house/energy/switch_kettle/attributes");
        // Home Assistant's object ids take letters, digits, '_' and '-' only.
        assertThat(SensorTopics.objectId("light.küche+1", Sensor.POWER)).isEqualTo("light_k_che_1_power");
    }

    @Test
    void aConfigIsTheJsonHomeAssistantReads() {
        DiscoveryConfig discovery = new DiscoveryConfig(TOPICS);

        assertThat(discovery.of("switch.kettle", Sensor.POWER)).isEqualTo("{\"name\":\"switch.kettle power\","
                + "\"unique_id\":\"energy-correlator_switch_kettle_power\",\"state_topic\":\"house/energy/switch_kettle/power\","
                + "\"json_attributes_topic\":\"house/energy/switch_kettle/attributes\","
                + "\"device_class\":\"power\",\"state_class\":\"measurement\",\"unit_of_measurement\":\"W\","
                + "\"availability_topic\":\"house/energy/status\",\"payload_available\":\"online\",\"payload_not_available\":\"offline\","
                + "\"device\":{\"identifiers\":[\"energy-correlator\"],\"name\":\"energy-correlator\","
                + "\"manufacturer\":\"energy-correlator\",\"model\":\"device power profiles\"}}");
        assertThat(discovery.of("switch.kettle", Sensor.ENERGY)).isEqualTo("{\"name\":\"switch.kettle energy today\","
                + "\"unique_id\":\"energy-correlator_switch_kettle_energy\",\"state_topic\":\"house/energy/switch_kettle/energy\","
                + "\"json_attributes_topic\":\"house/energy/switch_kettle/attributes\","
                + "\"device_class\":\"energy\",\"state_class\":\"total_increasing\",\"unit_of_measurement\":\"Wh\","
                + "\"availability_topic\":\"house/energy/status\",\"payload_available\":\"online\",\"payload_not_available\":\"offline\","
                + "\"device\":{\"identifiers\":[\"energy-correlator\"],\"name\":\"energy-correlator\","
                + "\"manufacturer\":\"energy-correlator\",\"model\":\"device power profiles\"}}");
    }

    @Test
    void attributesAreTheJsonObjectOfWhatIsKnownWattsAndWattHoursToATenth() {
        assertThat(new SensorAttributes("profile", 1880.04, 1538.249, 3261.15, 0.727, null, null).json())
                .isEqualTo("{\"estimate_source\":\"profile\",\"power_delta_uncertainty_w\":1880.0,"
                        + "\"energy_today_wh_low\":1538.2,\"energy_today_wh_high\":3261.2,\"confidence\":0.727}");
        // Today's energy not known yet; a configured power.
        assertThat(new SensorAttributes("configured", 99.0, null, null, null, 60.0, 1.0).json())
                .isEqualTo("{\"estimate_source\":\"configured\",\"power_delta_uncertainty_w\":99.0,"
                        + "\"configured_power_w\":60.0,\"configured_standby_w\":1.0}");
    }

    @Test
    void statesAreNumbersToATenth() {
        assertThat(HomeAssistantSensors.number(0)).isEqualTo("0");
        assertThat(HomeAssistantSensors.number(100)).isEqualTo("100");
        assertThat(HomeAssistantSensors.number(1.6666)).isEqualTo("1.7");
        assertThat(HomeAssistantSensors.number(1975.04)).isEqualTo("1975");
        assertThat(HomeAssistantSensors.number(2.25)).isEqualTo("2.3");
    }
}
