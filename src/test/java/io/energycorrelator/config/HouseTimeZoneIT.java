package io.energycorrelator.config;

import io.energycorrelator.support.InstallDirectory;
import io.energycorrelator.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The house's day is cut in the process's time zone unless ENERGY_TIME_ZONE says otherwise: the packaged
 * service, run with TZ as docker-compose.yml passes it, says at start-up which zone its days follow.
 */
class HouseTimeZoneIT {

    private static final Duration START_UP = Duration.ofSeconds(90);
    private static final String SAYS = "Energy days and today are cut at midnight in time zone ";

    private static void assertDaysIn(Map<String, String> zoneVariables, String zone) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("INFLUXDB_URL", "http://127.0.0.1:1", "INFLUXDB_TOKEN", "not-used"));
        environment.putAll(zoneVariables);
        try (InstallDirectory install = InstallDirectory.create();
             ServiceProcess service = ServiceProcess.start(install.path(), environment)) {
            service.awaitOutput(SAYS + zone + "\n", START_UP);
        }
    }

    @Test
    void theProcesssZoneFromTzIsTheHousesZoneByDefault() throws Exception {
        assertDaysIn(Map.of("TZ", "Europe/London"), "Europe/London");
    }

    @Test
    void energyTimeZoneOverridesTz() throws Exception {
        assertDaysIn(Map.of("TZ", "Europe/London", "ENERGY_TIME_ZONE", "Asia/Tokyo"), "Asia/Tokyo");
    }
}
