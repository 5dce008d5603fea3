package io.energycorrelator.support;

import java.time.Instant;

/** Line protocol as the default ("homeiq") layout has it: Home Assistant state changes and meter readings. */
public final class LineProtocol {

    private LineProtocol() {
    }

    public static String meter(Instant t, double watts) {
        return "smart_meter total_power_w=" + watts + " " + nanos(t);
    }

    public static String event(Instant t, String entityId, String domain, String state, String previous) {
        return "home_assistant_events,entity_id=" + entityId + ",domain=" + domain
                + " state_value=\"" + state + "\",previous_state=\"" + previous + "\" " + nanos(t);
    }

    public static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
