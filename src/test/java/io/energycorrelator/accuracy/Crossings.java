package io.energycorrelator.accuracy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An appliance channel as a switch: {@code off} → {@code on} when it reaches {@value #ON_W} W, {@code on} →
 * {@code off} when it falls below {@value #OFF_W} W (hysteresis, so that a load hovering at one level does not
 * flap). The true step of a state change is the median of the channel's {@value #SIDE} samples from the
 * crossing on minus the median of its {@value #SIDE} samples before it.
 */
public final class Crossings {

    static final double ON_W = 20;
    static final double OFF_W = 10;
    static final int SIDE = 3;

    private Crossings() {
    }

    /** The state of a channel before its first sample is known: on when that sample is at least {@value #ON_W} W. */
    public static boolean onAtStart(double[] channel) {
        return channel.length > 0 && channel[0] >= ON_W;
    }

    /** Every state change of every channel of the house, in time order (by channel at one instant). */
    public static List<TrueEvent> of(RefitHouse house) {
        List<TrueEvent> events = new ArrayList<>();
        for (int k = 0; k < house.channels().length; k++) {
            events.addAll(of(house, k));
        }
        events.sort(Comparator.comparing(TrueEvent::time).thenComparing(TrueEvent::channel));
        return events;
    }

    /** The state changes of channel k (0-based). */
    static List<TrueEvent> of(RefitHouse house, int k) {
        double[] channel = house.channels()[k];
        List<TrueEvent> events = new ArrayList<>();
        boolean on = onAtStart(channel);
        for (int i = 1; i < channel.length; i++) {
            boolean now = on ? channel[i] >= OFF_W : channel[i] >= ON_W;
            if (now != on) {
                events.add(new TrueEvent(RefitHouse.entityId(k), k, i, house.time(i), now ? "on" : "off", on ? "on" : "off",
                        stepAt(channel, i)));
                on = now;
            }
        }
        return events;
    }

    /** The median of the {@value #SIDE} samples from i on minus that of the {@value #SIDE} before; NaN near an end. */
    static double stepAt(double[] series, int i) {
        if (i < SIDE || i + SIDE > series.length) {
            return Double.NaN;
        }
        return median(Arrays.copyOfRange(series, i, i + SIDE)) - median(Arrays.copyOfRange(series, i - SIDE, i));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
