package io.energycorrelator.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;

/**
 * State changes with known power steps for the fault tests, as line protocol of the default layout: switches
 * turning on, one every {@code spacing}, each with one meter reading 5 s before and one 5 s after (where the
 * {@code nearest} rule reads). The steps are 20 to 120 W; every 7th is 5 W (below the 10 W threshold) and every
 * 11th state change has no meter reading around it (with a 2 s maximum reading gap: read from the neighbours'
 * readings held on both sides, a 0 W step below the threshold, or {@code no_meter_data} where none holds), so
 * that a run writes, drops and skips, and two runs can be compared on all three.
 */
public final class Household {

    private Household() {
    }

    public static List<String> switches(String prefix, Instant first, int count, Duration spacing) {
        List<String> lines = new ArrayList<>(count * 3);
        for (int i = 0; i < count; i++) {
            Instant t = first.plus(spacing.multipliedBy(i));
            lines.add(event(t, "switch." + prefix + "_" + (i % 40), "switch", "on", "off"));
            if (i % 11 == 10) {
                continue;
            }
            double before = 300 + (i % 13) * 10;
            double step = i % 7 == 6 ? 5 : 20 + (i % 11) * 10;
            lines.add(meter(t.minusSeconds(5), before));
            lines.add(meter(t.plusSeconds(5), before + step));
        }
        return lines;
    }

    /** How many of {@link #switches}' state changes have meter readings and a step of at least 10 W. */
    public static int written(int count) {
        int written = 0;
        for (int i = 0; i < count; i++) {
            if (i % 11 != 10 && i % 7 != 6) {
                written++;
            }
        }
        return written;
    }

    /** The settings the fault tests share: the {@code nearest} rule with a 2 s maximum reading gap, no grace. */
    public static java.util.Map<String, String> settings() {
        return java.util.Map.of("correlator.max-reading-gap-seconds", "2", "correlator.late-data-grace-seconds", "0");
    }
}
