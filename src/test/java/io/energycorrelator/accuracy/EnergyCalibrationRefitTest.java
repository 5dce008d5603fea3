package io.energycorrelator.accuracy;

import io.energycorrelator.devices.profile.DeviceEnergyDay;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily energy's confidence and range as the service writes them ({@link ServiceDeviceDays}: its own
 * {@code DailyEnergy}, in-process) on the ten REFIT houses, against each appliance's plug: prints the calibration
 * table and the range's coverage, and holds the service to them: in every band of confidence the share within 25 %
 * is within 10 points of the band's mean confidence, and the 80 % range covers the truth for 70–90 % of device-days.
 * A configured power (each appliance at its plug's median power) is held to its own rule the same way.
 */
class EnergyCalibrationRefitTest {

    @Test
    void theConfidenceAndTheRangeMeanWhatTheySayOnTheTenHouses() throws Exception {
        List<EnergyCalibration.DeviceDay> learned = new ArrayList<>();
        List<EnergyCalibration.DeviceDay> configured = new ArrayList<>();
        for (ServiceDeviceDays.DeviceDay d : ServiceDeviceDays.all()) {
            if (d.written() != null) {
                learned.add(of(d.written(), d.trueWh()));
            }
            configured.add(of(d.configured(), d.trueWh()));
        }

        System.out.println("Daily energy valued by profiles, ten REFIT houses:");
        System.out.print(EnergyCalibration.markdown(EnergyCalibration.table(learned)));
        int[] coverage = EnergyCalibration.coverage(learned);
        System.out.printf("80 %% range covers the truth: %d of %d%n", coverage[0], coverage[1]);
        System.out.println("Daily energy valued at a configured power (each appliance at its plug's median power):");
        System.out.print(EnergyCalibration.markdown(EnergyCalibration.table(configured)));
        int[] configuredCoverage = EnergyCalibration.coverage(configured);
        System.out.printf("80 %% range covers the truth: %d of %d%n", configuredCoverage[0], configuredCoverage[1]);

        assertThat(coverage[1]).isEqualTo(53);
        assertThat(configuredCoverage[1]).isEqualTo(62);
        for (List<EnergyCalibration.DeviceDay> days : List.of(learned, configured)) {
            assertThat(EnergyCalibration.table(days)).filteredOn(b -> b.n() > 0)
                    .allSatisfy(b -> assertThat(Math.abs(b.share() - b.meanConfidence())).as("band %.1f", b.from()).isLessThanOrEqualTo(0.10));
        }
        assertThat((double) coverage[0] / coverage[1]).isBetween(0.70, 0.90);
        assertThat((double) configuredCoverage[0] / configuredCoverage[1]).isBetween(0.70, 0.90);
    }

    private static EnergyCalibration.DeviceDay of(DeviceEnergyDay day, double trueWh) {
        return new EnergyCalibration.DeviceDay(day.confidence(), day.energyWh(), day.energyWhLow(), day.energyWhHigh(), trueWh);
    }
}
