package io.energycorrelator.addon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddonEnvironmentTest {

    @Test
    void mapsTheOptionsToTheServiceVariablesSkippingEmptyAndUnknownOnes() throws Exception {
        var options = new ObjectMapper().readTree("""
                {"influxdb_url": "http://a0d7b954-influxdb:8086", "influxdb_token": "t0k",
                 "processing_interval": 60, "min_power_delta": 12.5, "mqtt_password": "",
                 "meter_entity_id": null, "something_else": "x"}""");

        assertEquals(Map.of("INFLUXDB_URL", "http://a0d7b954-influxdb:8086", "INFLUXDB_TOKEN", "t0k",
                "PROCESSING_INTERVAL", "60", "MIN_POWER_DELTA", "12.5"), AddonEnvironment.of(options));
    }

    @Test
    void quotesAValueSoThatTheShellReadsItBackExactly() {
        assertEquals("export MQTT_PASSWORD='it'\\''s $x `y`'", AddonEnvironment.exportLine("MQTT_PASSWORD", "it's $x `y`"));
    }
}
