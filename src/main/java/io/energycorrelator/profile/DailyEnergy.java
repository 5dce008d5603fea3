package io.energycorrelator.profile;

import io.energycorrelator.model.StateChange;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each day's energy of one device whose states map to on and off ({@link OnOffStates}): the time it was on in
 * the day ({@link DailyOnTime}) × what its profiles say it draws when on ({@link OnStatePower}). Days are cut
 * at midnight in the given zone (UTC by default; with daylight saving a day may last 23 or 25 hours), so a
 * device on across midnight counts on both days.
 * <p>
 * Only the time the data covers counts ({@link SeenSpan}): a day it does not reach at all gives nothing, a day
 * it reaches in part is valued for that part and says so (its covered seconds, not complete), and the last
 * state lasts no further than the data. Nothing is returned for a domain whose states do not map to on and
 * off, nor when no on-state of the range has a profile (the device cannot be valued yet; a climate entity off
 * all range has no on-state at all). A day the device stayed off is 0 Wh, valued at what it would draw.
 */
public final class DailyEnergy {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double SECONDS_PER_HOUR = 3600;
    private static final String SWITCH_ON = "on";

    private final ZoneId zone;

    public DailyEnergy() {
        this(ZoneOffset.UTC);
    }

    public DailyEnergy(ZoneId zone) {
        this.zone = zone;
    }

    /** One whole day's energy; empty when the device cannot be valued (see the class comment). */
    public Optional<DeviceEnergyDay> day(String entityId, String domain, String stateAtStart, List<StateChange> changes,
            LocalDate day, ProfileLookup profiles) {
        return days(entityId, domain, stateAtStart, changes, day, day, profiles).stream().findFirst();
    }

    /** Each day's energy from {@code first} to {@code last}, both included, the data covering them whole. */
    public List<DeviceEnergyDay> days(String entityId, String domain, String stateAtStart, List<StateChange> changes,
            LocalDate first, LocalDate last, ProfileLookup profiles) {
        return days(entityId, domain, stateAtStart, changes, first, last, SeenSpan.ALL, profiles);
    }

    /**
     * Each day's energy from {@code first} to {@code last}, both included, counting only what the data covers:
     * a day outside {@code seen} is left out.
     *
     * @param stateAtStart the entity's state at the start of {@code first} (null when unknown: counts as off)
     * @param changes      the entity's state changes in time order; those before the range are ignored (the
     *                     state at its start says where it stood), as are those after it
     */
    public List<DeviceEnergyDay> days(String entityId, String domain, String stateAtStart, List<StateChange> changes,
            LocalDate first, LocalDate last, SeenSpan seen, ProfileLookup profiles) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the last day is before the first: " + first + ", " + last);
        }
        List<Instant> bounds = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last.plusDays(1)); d = d.plusDays(1)) {
            bounds.add(d.atStartOfDay(zone).toInstant());
        }
        return valued(entityId, domain, stateAtStart, changes, first, bounds, seen, profiles);
    }

    /** The first instant of a day, in this zone. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The day that holds an instant, in this zone. */
    public LocalDate dayOf(Instant t) {
        return t.atZone(zone).toLocalDate();
    }

    /** Each span between consecutive bounds valued as one day, the first being {@code first}; unseen days left out. */
    private List<DeviceEnergyDay> valued(String entityId, String domain, String stateAtStart, List<StateChange> changes,
            LocalDate first, List<Instant> bounds, SeenSpan seen, ProfileLookup profiles) {
        if (!OnOffStates.supports(domain)) {
            return List.of();
        }
        DailyOnTime onTime = DailyOnTime.of(entityId, domain, stateAtStart, changes, bounds, seen);
        Set<String> onStates = new LinkedHashSet<>(onTime.onStates());
        if (!domain.equals("climate")) {
            onStates.add(SWITCH_ON); // valued even when it stayed off
        }
        Map<String, OnStatePower.Power> powers = OnStatePower.of(entityId, onStates, profiles);
        if (powers.isEmpty()) {
            return List.of();
        }
        OnStatePower.Power whenOff = OnStatePower.mostConfident(powers);
        List<DeviceEnergyDay> days = new ArrayList<>();
        for (int d = 0; d < bounds.size() - 1; d++) {
            Duration covered = seen.within(bounds.get(d), bounds.get(d + 1));
            if (covered.isZero()) {
                continue;
            }
            boolean complete = covered.equals(Duration.between(bounds.get(d), bounds.get(d + 1)));
            double seconds = 0;
            double wattSeconds = 0;
            double confidenceSeconds = 0;
            for (Map.Entry<String, Long> e : onTime.nanos(d).entrySet()) {
                double s = e.getValue() / NANOS_PER_SECOND;
                OnStatePower.Power p = powers.get(e.getKey());
                seconds += s;
                wattSeconds += s * p.watts();
                confidenceSeconds += s * p.confidence();
            }
            boolean on = seconds > 0;
            days.add(new DeviceEnergyDay(entityId, first.plusDays(d), bounds.get(d), wattSeconds / SECONDS_PER_HOUR,
                    seconds, on ? wattSeconds / seconds : whenOff.watts(), on ? confidenceSeconds / seconds : whenOff.confidence(),
                    covered.toNanos() / NANOS_PER_SECOND, complete));
        }
        return days;
    }
}
