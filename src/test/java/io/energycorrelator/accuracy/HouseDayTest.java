package io.energycorrelator.accuracy;

import io.energycorrelator.accuracy.StepScores.Size;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HouseDayTest {

    /**
     * A kettle (app1) on at sample 4 and off at 8, a lamp (app2) on at sample 12: the meter sees the kettle one
     * sample early and holds a 100 W base load; a sample every 7 s from 2015-01-08T00:00:00Z.
     */
    static RefitHouse smallHouse() {
        double[] kettle = {0, 0, 0, 0, 2000, 2000, 2000, 2000, 0, 0, 0, 0, 0, 0, 0, 0};
        double[] lamp = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 60, 60, 60};
        double[] aggregate = {100, 100, 100, 2100, 2100, 2100, 2100, 100, 100, 100, 100, 100, 160, 160, 160, 160};
        return CrossingsTest.house(aggregate, kettle, lamp);
    }

    @Test
    void writesTheHouseAsHomeAssistantDoesWithTheMeterOnlyWhenItChanges() {
        HouseDay day = new HouseDay(smallHouse());

        assertThat(day.homeAssistantRows(HomeAssistantRows.MeterRows.ON_CHANGE)).containsExactly(
                "switch.app1,domain=switch,entity_id=app1 friendly_name_str=\"app1\",state=\"off\",value=0.0 1420675140000000000",
                "switch.app2,domain=switch,entity_id=app2 friendly_name_str=\"app2\",state=\"off\",value=0.0 1420675140000000000",
                "switch.app1,domain=switch,entity_id=app1 friendly_name_str=\"app1\",state=\"on\",value=1.0 1420675228000000000",
                "switch.app1,domain=switch,entity_id=app1 friendly_name_str=\"app1\",state=\"off\",value=0.0 1420675256000000000",
                "switch.app2,domain=switch,entity_id=app2 friendly_name_str=\"app2\",state=\"on\",value=1.0 1420675284000000000",
                meter(1420675200, 100), meter(1420675221, 2100), meter(1420675249, 100), meter(1420675284, 160));
        assertThat(day.homeAssistantRows(HomeAssistantRows.MeterRows.EVERY_SAMPLE)).hasSize(5 + 16)
                .contains(meter(1420675207, 100), meter(1420675305, 160));
        assertThat(day.dayStart()).isEqualTo(Instant.parse("2015-01-08T00:00:00Z"));
        assertThat(day.midday()).isEqualTo(Instant.parse("2015-01-08T12:00:00Z"));
    }

    private static String meter(long unix, double watts) {
        return "W,domain=sensor,entity_id=house_power device_class_str=\"power\",friendly_name_str=\"House power\","
                + "state_class_str=\"measurement\",value=" + watts + " " + unix + "000000000";
    }

    @Test
    void scoresWhatWasWrittenAgainstThePlugsAndTheMetersCeiling() {
        HouseDay day = new HouseDay(smallHouse());
        Instant kettleOn = Instant.parse("2015-01-08T00:00:28Z");
        Instant kettleOff = Instant.parse("2015-01-08T00:00:56Z");
        Map<String, WrittenStep> written = Map.of(
                WrittenStep.key("switch.app1", kettleOn), new WrittenStep("switch.app1", kettleOn, 2000, 0.9, "meter"),
                WrittenStep.key("switch.app1", kettleOff), new WrittenStep("switch.app1", kettleOff, -1000, 0.4, "meter"));
        // the lamp's step has no correlation

        StepScores s = day.steps(written, day.dayStart(), 10);

        assertThat(s.events(Size.ALL)).isEqualTo(3);
        assertThat(s.right(Size.FROM_500_W)).isEqualTo(1);
        assertThat(s.right(Size.UNDER_100_W)).isZero();
        assertThat(s.ceilingRight(Size.ALL)).isEqualTo(3); // the meter held every step, one sample off
        assertThat(s.answered()).isEqualTo(2);
        assertThat(s.rightSign()).isEqualTo(2);
        assertThat(day.steps(written, Instant.parse("2015-01-08T00:01:00Z"), 10).events(Size.ALL)).isEqualTo(1);
    }

    @Test
    void scoresTheDailyEnergyOfEachApplianceAgainstItsOwnChannel() {
        HouseDay day = new HouseDay(smallHouse());

        assertThat(day.trueEnergyWh().get("switch.app1")).isCloseTo(2000 * 28 / 3600.0, within(1e-9));
        assertThat(day.trueEnergyWh().get("switch.app2")).isCloseTo(60 * 21 / 3600.0, within(1e-9));
        assertThat(day.trueEnergyWh()).hasSize(2);
        // both are under 50 Wh: nothing to score
        assertThat(day.energy(Map.of()).devices()).isZero();
    }
}
