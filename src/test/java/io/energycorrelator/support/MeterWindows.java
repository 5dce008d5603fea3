package io.energycorrelator.support;

import io.energycorrelator.model.MeterWindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
}
