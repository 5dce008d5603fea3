package io.energycorrelator.demo;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import org.apache.camel.component.influxdb2.data.Points;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Demo only (routes/demo/household.camel.yaml; built into target/demo-extensions/, not the service's jar): a
 * simulated house that writes, in the default layout, a whole-house meter reading every tick and every 66 to 88 s
 * flips one of its devices, like Home Assistant would.
 * Seeded, so every demo run tells the same story.
 */
public class DemoHousehold {

    private record Device(String entityId, String domain, double watts) {
    }

    private static final List<Device> DEVICES = List.of(
            new Device("switch.kitchen_kettle", "switch", 2000),
            new Device("light.living_room", "light", 60),
            new Device("climate.heat_pump", "climate", 1200),
            new Device("fan.bedroom", "fan", 45),
            new Device("switch.tv", "switch", 120),
            new Device("cover.garage_door", "cover", 350));
    private static final double BASE_LOAD_W = 310;
    /**
     * Ticks (2 s) between two flips: 33 to 44, i.e. 66 to 88 s, farther apart than the default estimator's reach
     * (30 s) and than the window whose noise the confidence weighs (that reach + the 30 s maximum reading gap),
     * so that each step reads cleanly, as in a house where switches are minutes apart. The first flip comes
     * after FIRST_FLIP ticks, so that the dashboard shows a step soon after start-up.
     */
    private static final int MIN_TICKS_BETWEEN_FLIPS = 33;
    private static final int MORE_TICKS_AT_MOST = 12;
    private static final int FIRST_FLIP = 3;

    private final Random random = new Random(20240301L);
    private final boolean[] on = new boolean[DEVICES.size()];
    private int ticksToFlip = FIRST_FLIP;
    private final Clock clock;

    public DemoHousehold() {
        this(Clock.systemUTC());
    }

    DemoHousehold(Clock clock) {
        this.clock = clock;
    }

    /** One tick: maybe a state change, then the meter reading that follows it a moment later. */
    public synchronized Points tick() {
        Instant now = clock.instant();
        List<Point> points = new ArrayList<>();
        if (--ticksToFlip == 0) {
            ticksToFlip = MIN_TICKS_BETWEEN_FLIPS + random.nextInt(MORE_TICKS_AT_MOST);
            int i = random.nextInt(DEVICES.size());
            Device device = DEVICES.get(i);
            on[i] = !on[i];
            points.add(Point.measurement("home_assistant_events")
                    .time(now.minusMillis(500), WritePrecision.NS)
                    .addTag("entity_id", device.entityId())
                    .addTag("domain", device.domain())
                    .addTag("event_type", "state_changed")
                    .addField("state_value", state(device, on[i]))
                    .addField("previous_state", state(device, !on[i])));
        }
        double watts = BASE_LOAD_W + random.nextGaussian() * 3;
        for (int i = 0; i < on.length; i++) {
            watts += on[i] ? DEVICES.get(i).watts() : 0;
        }
        points.add(Point.measurement("smart_meter").time(now, WritePrecision.NS)
                .addTag("meter_type", "demo").addField("total_power_w", Math.round(watts * 10) / 10.0));
        return Points.create(points);
    }

    private static String state(Device device, boolean on) {
        return switch (device.domain()) {
            case "climate" -> on ? "heat" : "off";
            case "cover" -> on ? "open" : "closed";
            default -> on ? "on" : "off";
        };
    }
}
