package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "home-assistant" preset reads what Home Assistant's own InfluxDB integration (api_version 2) writes:
 * measurement = unit or full entity id, tags domain and entity_id (object id), fields state and value,
 * attributes as extra fields, and no previous state.
 */
@ExtendWith(InfluxDbExtension.class)
class HomeAssistantSchemaIT {

    /** A state change as the integration writes it for a switch, light or climate (no unit: measurement = entity id). */
    static String haState(Instant t, String domain, String objectId, String state, double value, String friendlyName) {
        return domain + "." + objectId + ",domain=" + domain + ",entity_id=" + objectId
                + " friendly_name_str=\"" + friendlyName + "\",state=\"" + state + "\",value=" + value + " " + nanos(t);
    }

    /** A power sensor reading as the integration writes it: measurement = unit. */
    static String haPower(Instant t, String unit, String objectId, double value) {
        return unit + ",domain=sensor,entity_id=" + objectId
                + " device_class_str=\"power\",friendly_name_str=\"" + objectId + "\",state_class_str=\"measurement\",value="
                + value + " " + nanos(t);
    }

    @Test
    void correlatesWhatTheIntegrationWritesWithPreviousStatesDerivedAndFullEntityIds(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant kettleOn = now.minusSeconds(200);
        Instant kettleOff = now.minusSeconds(140);
        Instant lightOn = now.minusSeconds(80);
        bucket.write(
                // states from before the service's first window: the source of the first previous states
                haState(now.minusSeconds(3600), "switch", "kitchen_kettle", "off", 0, "Kitchen kettle"),
                haState(now.minusSeconds(3000), "light", "living_room", "off", 0, "Living room"),
                haState(kettleOn, "switch", "kitchen_kettle", "on", 1, "Kitchen kettle"),
                haState(kettleOff, "switch", "kitchen_kettle", "off", 0, "Kitchen kettle"),
                haState(lightOn, "light", "living_room", "on", 1, "Living room"),
                // an attribute-only change (brightness): the integration writes the unchanged state again
                haState(lightOn.plusSeconds(20), "light", "living_room", "on", 1, "Living room"),
                haPower(kettleOn.minusSeconds(5), "W", "grid_power", 400), haPower(kettleOn.plusSeconds(5), "W", "grid_power", 2400),
                haPower(kettleOff.minusSeconds(5), "W", "grid_power", 2410), haPower(kettleOff.plusSeconds(5), "W", "grid_power", 405),
                haPower(lightOn.minusSeconds(5), "W", "grid_power", 405), haPower(lightOn.plusSeconds(5), "W", "grid_power", 465),
                // another power sensor beside the meter: never read as the house's power
                haPower(kettleOn.minusSeconds(5), "W", "fridge_power", 90), haPower(kettleOn.plusSeconds(4), "W", "fridge_power", 5000));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.schema", "home-assistant");
        settings.put("correlator.meter.entity-id", "sensor.grid_power");

        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            JsonNode stats = service.get("/statistics").json();

            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(3);
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(3);
            assertThat(stats.get("skipped").toString()).isEqualTo("{\"state_unchanged\":1}");
            assertThat(stats.get("config").get("schema").asText()).isEqualTo("home-assistant");
        }
        List<FluxRecord> points = bucket.correlationPoints();
        assertThat(points).extracting(FluxRecord::getTime).containsExactly(kettleOn, kettleOff, lightOn);
        assertThat(points).extracting(r -> r.getValueByKey("entity_id"))
                .containsExactly("switch.kitchen_kettle", "switch.kitchen_kettle", "light.living_room");
        assertThat(points).extracting(r -> r.getValueByKey("domain")).containsExactly("switch", "switch", "light");
        assertThat(points).extracting(r -> r.getValueByKey("previous_state")).containsExactly("off", "on", "off");
        assertThat(points).extracting(r -> r.getValueByKey("state")).containsExactly("on", "off", "on");
        assertThat(points).extracting(r -> r.getValueByKey("power_delta_w")).containsExactly(2000.0, -2005.0, 60.0);
    }

    @Test
    void aMeterInKilowattsIsConvertedToWatts(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant on = now.minusSeconds(100);
        bucket.write(
                haState(on.minusSeconds(30), "fan", "bedroom", "off", 0, "Bedroom fan"),
                haState(on, "fan", "bedroom", "on", 1, "Bedroom fan"),
                haPower(on.minusSeconds(5), "kW", "grid_power", 0.45), haPower(on.plusSeconds(5), "kW", "grid_power", 0.495));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.schema", "home-assistant");
        settings.put("correlator.meter.entity-id", "grid_power");
        settings.put("correlator.meter.unit", "kW");

        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(1);
            assertThat(service.get("/statistics").json().get("correlations_written").asLong()).isEqualTo(1);
        }
        FluxRecord point = bucket.correlationPoints().get(0);
        assertThat(point.getValueByKey("entity_id")).isEqualTo("fan.bedroom");
        assertThat(point.getValueByKey("power_before_w")).isEqualTo(450.0);
        assertThat((Double) point.getValueByKey("power_after_w")).isCloseTo(495.0, org.assertj.core.api.Assertions.within(1e-9));
    }
}
