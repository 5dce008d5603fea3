package io.energycorrelator.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo-like data for the dashboard's tests, in the default layout: a house at 300 W with a meter reading
 * every 2 s for 7 minutes, whose kettle goes on and off, then whose TV and hall light go on 2 s apart (an
 * overlap). Each state change is half a second after a reading; a device counts in the readings after it.
 */
public final class SmallHouse {

    /** One state change and the watts it adds to (or takes from) the house. */
    public record Switch(Instant time, String entityId, String domain, String state, String previous, double watts) {
    }

    public static final double BASE_W = 300;
    private static final int READINGS_EVERY_SECONDS = 2;
    private static final int LENGTH_SECONDS = 420;

    private final Instant start;
    private final List<Switch> switches;

    private SmallHouse(Instant start) {
        this.start = start;
        this.switches = List.of(
                new Switch(at(60.5), "switch.kitchen_kettle", "switch", "on", "off", 2000),
                new Switch(at(180.5), "switch.kitchen_kettle", "switch", "off", "on", -2000),
                new Switch(at(300.5), "switch.tv", "switch", "on", "off", 120),
                new Switch(at(302.5), "light.hall", "light", "on", "off", 60));
    }

    /** The house's 7 minutes, from {@code start} (whole seconds). */
    public static SmallHouse from(Instant start) {
        return new SmallHouse(start);
    }

    public List<Switch> switches() {
        return switches;
    }

    public Switch kettleOn() {
        return switches.get(0);
    }

    public Switch tvOn() {
        return switches.get(2);
    }

    /** What the meter reads at t: the base load and every device switched on at or before t. */
    public double wattsAt(Instant t) {
        double watts = BASE_W;
        for (Switch s : switches) {
            watts += s.time().isAfter(t) ? 0 : s.watts();
        }
        return watts;
    }

    /** The meter readings and the state changes, as line protocol. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int s = 0; s <= LENGTH_SECONDS; s += READINGS_EVERY_SECONDS) {
            Instant t = start.plusSeconds(s);
            lines.add(LineProtocol.meter(t, wattsAt(t)));
        }
        switches.forEach(s -> lines.add(LineProtocol.event(s.time(), s.entityId(), s.domain(), s.state(), s.previous())));
        return lines;
    }

    public void writeTo(TestBucket bucket) {
        bucket.write(lines().toArray(String[]::new));
    }

    private Instant at(double seconds) {
        return start.plusMillis(Math.round(seconds * 1000));
    }
}
