package io.energycorrelator.accuracy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A house as Home Assistant's InfluxDB integration (api_version 2) writes it, read by the service's
 * {@code home-assistant} schema: a switch's state as measurement = its full entity id, tags {@code domain} and
 * {@code entity_id} (the object id), fields {@code state}, {@code value} and its attributes as {@code *_str};
 * the meter as measurement {@code W} with {@code entity_id=house_power}, one row each time its value changes
 * (Home Assistant records a state only when it changes), or one row per sample (as a meter integration that
 * forces an update per reading would). Each switch's state before the day is written {@link #BEFORE} before its
 * midnight (outside any backfill of the day), so that the day's first state change has its previous state.
 */
public final class HomeAssistantRows {

    public static final String METER_ENTITY_ID = "sensor.house_power";
    static final Duration BEFORE = Duration.ofMinutes(1);

    private HomeAssistantRows() {
    }

    /** Which of the meter's samples become rows. */
    public enum MeterRows {
        ON_CHANGE, EVERY_SAMPLE
    }

    public static List<String> of(RefitHouse house, List<TrueEvent> events, MeterRows meterRows) {
        List<String> lines = new ArrayList<>(house.size() + events.size() + house.channels().length);
        Instant before = house.time(0).truncatedTo(ChronoUnit.DAYS).minus(BEFORE);
        for (int k = 0; k < house.channels().length; k++) {
            lines.add(state(before, RefitHouse.entityId(k), Crossings.onAtStart(house.channels()[k]) ? "on" : "off"));
        }
        for (TrueEvent e : events) {
            lines.add(state(e.time(), e.entityId(), e.state()));
        }
        double[] aggregate = house.aggregate();
        for (int i = 0; i < house.size(); i++) {
            if (meterRows == MeterRows.EVERY_SAMPLE || i == 0 || aggregate[i] != aggregate[i - 1]) {
                lines.add(power(house.time(i), aggregate[i]));
            }
        }
        return lines;
    }

    static String state(Instant t, String entityId, String state) {
        int dot = entityId.indexOf('.');
        String domain = entityId.substring(0, dot);
        String objectId = entityId.substring(dot + 1);
        return entityId + ",domain=" + domain + ",entity_id=" + objectId + " friendly_name_str=\"" + objectId
                + "\",state=\"" + state + "\",value=" + ("on".equals(state) ? "1.0" : "0.0") + " " + nanos(t);
    }

    static String power(Instant t, double watts) {
        String objectId = METER_ENTITY_ID.substring(METER_ENTITY_ID.indexOf('.') + 1);
        return "W,domain=sensor,entity_id=" + objectId + " device_class_str=\"power\",friendly_name_str=\"House power\","
                + "state_class_str=\"measurement\",value=" + watts + " " + nanos(t);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
