package io.energycorrelator.accuracy;

import io.energycorrelator.accuracy.StepScores.Size;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The harness's path end to end: a hand-made house written as Home Assistant does, the packaged service's backfill, the output read back and scored. */
@ExtendWith(InfluxDbExtension.class)
class RefitRunIT {

    /**
     * 70 minutes from 2015-01-08T10:00:00Z, a sample every 7 s: a 2 kW kettle (app1) on for 60 samples, a 100 W
     * lamp (app2) on for 280; the meter is their sum over a 150 W base load with a 1 W ripple (so that each sample
     * changes it and Home Assistant records each).
     */
    private static RefitHouse house() {
        int n = 600;
        long[] unix = LongStream.range(0, n).map(i -> Instant.parse("2015-01-08T10:00:00Z").getEpochSecond() + 7 * i).toArray();
        double[] kettle = new double[n];
        double[] lamp = new double[n];
        double[] aggregate = new double[n];
        for (int i = 0; i < n; i++) {
            kettle[i] = i >= 100 && i < 160 ? 2000 : 0;
            lamp[i] = i >= 300 && i < 580 ? 100 : 0;
            aggregate[i] = 150 + i % 2 + kettle[i] + lamp[i];
        }
        return new RefitHouse("hand-made", unix, aggregate, new double[][] {kettle, lamp});
    }

    @Test
    void theServicesBackfillOfAHouseIsReadBackAndScored(TestBucket bucket) throws Exception {
        HouseDay day = new HouseDay(house());

        ServiceRun.Output output = ServiceRun.run(bucket, day.homeAssistantRows(HomeAssistantRows.MeterRows.ON_CHANGE), "aligned",
                List.<Instant[]>of(new Instant[] {day.dayStart(), day.dayEnd()}), day.dayStart(), day.dayEnd());

        assertThat(output.steps()).hasSize(4);
        assertThat(output.skipped()).isEmpty();
        assertThat(output.steps().values()).extracting(WrittenStep::estimateSource).containsOnly("meter");
        WrittenStep kettleOn = output.steps().get(WrittenStep.key("switch.app1", Instant.parse("2015-01-08T10:11:40Z")));
        WrittenStep lampOff = output.steps().get(WrittenStep.key("switch.app2", Instant.parse("2015-01-08T11:07:40Z")));
        assertThat(kettleOn.deltaW()).isCloseTo(2000, within(1.0));
        assertThat(lampOff.deltaW()).isCloseTo(-100, within(1.0));
        assertThat(output.energyWh().get("switch.app1")).isCloseTo(2000 * 420 / 3600.0, within(3.0));
        assertThat(output.energyWh().get("switch.app2")).isCloseTo(100 * 1960 / 3600.0, within(1.0));

        StepScores steps = day.steps(output.steps(), day.dayStart(), 10);
        assertThat(steps.events(Size.ALL)).isEqualTo(4);
        assertThat(steps.right(Size.ALL)).isEqualTo(4);
        assertThat(steps.ceilingRight(Size.ALL)).isEqualTo(4);
        assertThat(steps.answered()).isEqualTo(4);
        assertThat(steps.precision()).isEqualTo(1.0);
        EnergyScores energy = day.energy(output.energyWh());
        assertThat(energy.devices()).isEqualTo(2);
        assertThat(energy.within10()).isEqualTo(2);

        // Each device's day with its range and confidence: one step up and one down that agree, one a side
        // (confidence 1 / (1 + e^-(-1.243 + 1.039)) = 0.449), so the range 0.75 to 1.59 times the figure.
        List<EnergyCalibration.DeviceDay> days = day.energyCalibration(output.energyDays());
        assertThat(days).hasSize(2).allSatisfy(d -> {
            assertThat(d.confidence()).isEqualTo(0.449);
            assertThat(d.lowWh()).isCloseTo(d.energyWh() * 0.75, within(1e-9));
            assertThat(d.highWh()).isCloseTo(d.energyWh() * 1.59, within(1e-9));
        });
        assertThat(EnergyCalibration.table(days)).extracting(EnergyCalibration.Band::n).containsExactly(0, 0, 2, 0, 0);
        assertThat(EnergyCalibration.table(days).get(2).within25()).isEqualTo(2);
        assertThat(EnergyCalibration.coverage(days)).containsExactly(2, 2);
    }
}
