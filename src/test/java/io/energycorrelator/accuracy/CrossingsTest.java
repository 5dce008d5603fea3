package io.energycorrelator.accuracy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class CrossingsTest {

    /** A house of one appliance channel, a sample every 7 s from 2015-01-08T00:00:00Z. */
    static RefitHouse house(double[] aggregate, double[]... channels) {
        long[] unix = LongStream.range(0, aggregate.length).map(i -> 1_420_675_200L + 7 * i).toArray();
        return new RefitHouse("test", unix, aggregate, channels);
    }

    @Test
    void switchesOnAt20WAndOffBelow10WWithTheMedianStepOfThreeSamplesASide() {
        double[] channel = {0, 0, 0, 25, 30, 30, 15, 12, 8, 5, 5, 5};
        List<TrueEvent> events = Crossings.of(house(new double[channel.length], channel));

        assertThat(events).containsExactly(
                new TrueEvent("switch.app1", 0, 3, Instant.parse("2015-01-08T00:00:21Z"), "on", "off", 30),
                new TrueEvent("switch.app1", 0, 8, Instant.parse("2015-01-08T00:00:56Z"), "off", "on", -10));
    }

    @Test
    void aLoadHoveringBetween10And20WDoesNotFlap() {
        double[] channel = {0, 0, 0, 19, 12, 19, 11, 18, 0, 0};
        assertThat(Crossings.of(house(new double[channel.length], channel))).isEmpty();
    }

    @Test
    void aChannelOnAtTheFirstSampleStartsOnAndAChangeNearTheEdgeIsNotScored() {
        double[] channel = {100, 100, 0, 0, 0, 0, 0, 0, 0, 40, 40};
        List<TrueEvent> events = Crossings.of(house(new double[channel.length], channel));

        assertThat(Crossings.onAtStart(channel)).isTrue();
        assertThat(events).extracting(TrueEvent::index).containsExactly(2, 9);
        assertThat(events).extracting(TrueEvent::state).containsExactly("off", "on");
        assertThat(events).extracting(TrueEvent::scored).containsExactly(false, false);
    }

    @Test
    void eventsOfSeveralChannelsComeInTimeOrderWithTheirEntity() {
        double[] first = {0, 0, 0, 0, 0, 0, 50, 50, 50, 50};
        double[] second = {0, 0, 0, 0, 800, 800, 800, 800, 800, 800};
        List<TrueEvent> events = Crossings.of(house(new double[first.length], first, second));

        assertThat(events).extracting(TrueEvent::entityId).containsExactly("switch.app2", "switch.app1");
        assertThat(events).extracting(TrueEvent::trueStepW).containsExactly(800.0, 50.0);
    }
}
