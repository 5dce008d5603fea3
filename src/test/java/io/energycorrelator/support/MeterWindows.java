package io.energycorrelator.support;

import io.energycorrelator.model.MeterWindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Meter windows for unit tests, written as readings relative to an event. */
public final class MeterWindows {

    private MeterWindows() {
    }

    /** Pairs of (seconds from the event, watts), e.g. {@code around(t, -5, 2450, 5, 2510)}. */
    public static MeterWindow around(Instant event, double... secondsAndWatts) {
        List<MeterWindow.Reading> readings = new ArrayList<>();
        for (int i = 0; i < secondsAndWatts.length; i += 2) {
            readings.add(new MeterWindow.Reading(event.plusMillis(Math.round(secondsAndWatts[i] * 1000)), secondsAndWatts[i + 1]));
        }
        return new MeterWindow(readings);
    }

    /**
     * Ten minutes either side of the event of a noisy meter that steps now and then: readings 0.2 to 2.7 s
     * apart, now and then two at the same instant.
     */
    public static MeterWindow randomWalk(Instant event, Random random) {
        List<MeterWindow.Reading> readings = new ArrayList<>();
        Instant t = event.minusSeconds(600);
        double watts = 500;
        while (t.isBefore(event.plusSeconds(600))) {
            watts += random.nextInt(10) == 0 ? (random.nextDouble() - 0.5) * 800 : random.nextGaussian() * 3;
            readings.add(new MeterWindow.Reading(t, Math.round(watts * 10) / 10.0));
            if (random.nextInt(50) == 0) {
                readings.add(new MeterWindow.Reading(t, watts + 1)); // a second reading at the same instant
            }
            t = t.plusMillis(200 + random.nextInt(2500));
        }
        return new MeterWindow(readings);
    }
}
