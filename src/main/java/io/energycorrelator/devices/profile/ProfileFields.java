package io.energycorrelator.devices.profile;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile as the InfluxDB point {@value #MEASUREMENT} and back, without any InfluxDB type: tags
 * {@code entity_id} and {@code transition}; fields {@code typical_step_w}, {@code spread_w},
 * {@code confidence} (floats), {@code count} (integer) and {@code recent_steps} (string: the steps it rests
 * on, oldest first, {@code <RFC 3339 time>=<watts>} joined by {@code ;}). Its time is the newest step's
 * ({@link #time}), so writing the same profile again lands on the same point, and a series' last point is
 * the profile as it stands. Restoring needs only the tags and {@code recent_steps}: the other fields are
 * for dashboards and follow from the steps.
 */
public final class ProfileFields {

    public static final String MEASUREMENT = "device_power_profile";
    public static final String ENTITY_ID = "entity_id";
    public static final String TRANSITION = "transition";
    public static final String TYPICAL_STEP_W = "typical_step_w";
    public static final String SPREAD_W = "spread_w";
    public static final String COUNT = "count";
    public static final String CONFIDENCE = "confidence";
    public static final String RECENT_STEPS = "recent_steps";

    private static final String STEP_SEPARATOR = ";";
    private static final String TIME_WATTS_SEPARATOR = "=";

    private ProfileFields() {
    }

    public static Map<String, String> tags(ProfileRecord record) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ENTITY_ID, record.entityId());
        tags.put(TRANSITION, record.transition());
        return tags;
    }

    /** The fields: Double for floats, Long for the count, String for the steps. */
    public static Map<String, Object> fields(ProfileRecord record) {
        DeviceProfile profile = record.profile();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(TYPICAL_STEP_W, profile.typicalStepW());
        fields.put(SPREAD_W, profile.spreadW());
        fields.put(COUNT, (long) profile.count());
        fields.put(CONFIDENCE, profile.confidence());
        fields.put(RECENT_STEPS, encode(record.recentSteps()));
        return fields;
    }

    /** The point's time: the newest step's. */
    public static Instant time(ProfileRecord record) {
        return record.profile().lastSeen();
    }

    /** The record a stored point holds; IllegalArgumentException naming what is missing or malformed. */
    public static ProfileRecord fromFields(Map<String, String> tags, Map<String, ?> fields) {
        String entityId = tags.get(ENTITY_ID);
        String transition = tags.get(TRANSITION);
        if (entityId == null || transition == null) {
            throw new IllegalArgumentException(MEASUREMENT + " needs the tags " + ENTITY_ID + " and " + TRANSITION + ": " + tags);
        }
        if (!(fields.get(RECENT_STEPS) instanceof String steps)) {
            throw new IllegalArgumentException(MEASUREMENT + " " + entityId + " " + transition + " has no string field " + RECENT_STEPS);
        }
        return new ProfileRecord(entityId, transition, decode(steps));
    }

    /** Exact: Instant and Double print in forms that parse back to the same value. */
    static String encode(List<ObservedStep> steps) {
        StringBuilder s = new StringBuilder();
        for (ObservedStep step : steps) {
            if (!s.isEmpty()) {
                s.append(STEP_SEPARATOR);
            }
            s.append(step.time()).append(TIME_WATTS_SEPARATOR).append(step.stepW());
        }
        return s.toString();
    }

    static List<ObservedStep> decode(String encoded) {
        List<ObservedStep> steps = new ArrayList<>();
        for (String item : encoded.split(STEP_SEPARATOR, -1)) {
            int at = item.indexOf(TIME_WATTS_SEPARATOR);
            try {
                if (at < 0) {
                    throw new IllegalArgumentException("no '" + TIME_WATTS_SEPARATOR + "'");
                }
                double watts = Double.parseDouble(item.substring(at + 1));
                if (!Double.isFinite(watts)) {
                    throw new IllegalArgumentException("watts not finite");
                }
                steps.add(new ObservedStep(Instant.parse(item.substring(0, at)), watts));
            } catch (DateTimeException | IllegalArgumentException e) {
                throw new IllegalArgumentException(RECENT_STEPS + " holds a malformed step '" + item + "': " + e.getMessage(), e);
            }
        }
        return steps;
    }
}
