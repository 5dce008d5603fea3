package io.energycorrelator.homeassistant;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps each device's energy today from going down within a day. The figure is the device's on-time × what its
 * profiles say it draws, and a profile that learns a slightly smaller step would lower it; Home Assistant reads a
 * {@code total_increasing} sensor that decreases as a meter that started again, and would count the day twice. A
 * new day starts from whatever the figure is.
 */
final class IncreasingEnergy {

    private record Counted(LocalDate day, double wh) {
    }

    private final Map<String, Counted> counted = new HashMap<>();

    /** The figure to show: this one, or the highest shown for the same day if that is higher. */
    synchronized double of(String entityId, LocalDate day, double wh) {
        Counted last = counted.get(entityId);
        double shown = last != null && last.day().equals(day) ? Math.max(last.wh(), wh) : wh;
        counted.put(entityId, new Counted(day, shown));
        return shown;
    }

    /** Forgets the devices that no longer have sensors: they start afresh if they get them again. */
    synchronized void keepOnly(Set<String> entityIds) {
        counted.keySet().retainAll(entityIds);
    }
}
