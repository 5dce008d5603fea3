package io.energycorrelator.accuracy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The energy calibration's arithmetic on hand-made device-days, so that the figures it prints can be trusted. */
class EnergyCalibrationTest {

    private static EnergyCalibration.DeviceDay day(double confidence, double energyWh, double trueWh) {
        return new EnergyCalibration.DeviceDay(confidence, energyWh, energyWh * 0.75, energyWh * 1.59, trueWh);
    }

    private static final List<EnergyCalibration.DeviceDay> DAYS = List.of(
            day(0.25, 100, 140),   // 40 Wh off, more than 25 % of 140: not within; in range (75..159)
            day(0.30, 100, 80),    // 20 Wh off, exactly 25 % of 80: within
            day(0.35, 100, 400),   // far off, out of range
            day(0.70, 200, 180),   // within, in range
            day(0.72, 200, 149),   // 51 Wh off, more than 25 % of 149: not within; out of range (150..318)
            day(1.00, 300, 300),   // the last band includes 1
            day(0.50, 40, 40));    // drew under 50 Wh: not counted

    @Test
    void eachBandCountsItsDeviceDaysTheirMeanConfidenceAndThoseWithin25Percent() {
        List<EnergyCalibration.Band> bands = EnergyCalibration.table(DAYS);

        assertThat(bands).extracting(EnergyCalibration.Band::n).containsExactly(0, 3, 0, 2, 1);
        assertThat(bands).extracting(EnergyCalibration.Band::within25).containsExactly(0, 1, 0, 1, 1);
        assertThat(bands.get(1).meanConfidence()).isCloseTo(0.30, within(1e-12));
        assertThat(bands.get(3).meanConfidence()).isCloseTo(0.71, within(1e-12));
        assertThat(bands.get(3).share()).isEqualTo(0.5);
        assertThat(bands.get(0).meanConfidence()).isNaN();
        assertThat(EnergyCalibration.markdown(bands)).isEqualTo("""
                | confidence | device-days | mean confidence | within 25 % |
                |---|---:|---:|---:|
                | 0.0–0.2 | 0 | – | – |
                | 0.2–0.4 | 3 | 0.30 | 1 (33.3 %) |
                | 0.4–0.6 | 0 | – | – |
                | 0.6–0.8 | 2 | 0.71 | 1 (50.0 %) |
                | 0.8–1.0 | 1 | 1.00 | 1 (100.0 %) |
                """);
    }

    @Test
    void theRangeCoversTheTruthWhenItLiesWithinItsEndsIncluded() {
        assertThat(EnergyCalibration.coverage(DAYS)).containsExactly(4, 6);
        assertThat(new EnergyCalibration.DeviceDay(0.5, 100, 75, 159, 75).covered()).isTrue();
        assertThat(new EnergyCalibration.DeviceDay(0.5, 100, 75, 159, 159).covered()).isTrue();
        assertThat(new EnergyCalibration.DeviceDay(0.5, 100, 75, 159, 159.01).covered()).isFalse();
    }

    @Test
    void quantilesInterpolateBetweenRanks() {
        double[] sorted = {1, 2, 4, 8, 16};
        assertThat(EnergyCalibration.quantile(sorted, 0)).isEqualTo(1.0);
        assertThat(EnergyCalibration.quantile(sorted, 0.5)).isEqualTo(4.0);
        assertThat(EnergyCalibration.quantile(sorted, 0.1)).isEqualTo(1.4);   // rank 0.4
        assertThat(EnergyCalibration.quantile(sorted, 0.9)).isEqualTo(12.8);  // rank 3.6
        assertThat(EnergyCalibration.quantile(sorted, 1)).isEqualTo(16.0);
    }
}
