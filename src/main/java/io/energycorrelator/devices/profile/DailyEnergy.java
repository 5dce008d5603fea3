package io.energycorrelator.devices.profile;

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
import java.util.TreeSet;

/**
 * Each day's energy of one device whose domain has on-states ({@link OnStates}): the time it was on in
 * the day ({@link DailyOnTime}) × what its profiles say it draws when on ({@link OnStatePower}). Time its state
 * was unknown is neither on nor off: counted apart, not valued. A climate entity's on-time that only its mode
 * vouches for (no action stored) is valued at half its profiles' confidence. Days are cut
 * at midnight in the given zone (UTC by default; with daylight saving a day may last 23 or 25 hours), so a
 * device on across midnight counts on both days.
 * <p>
 * Only the time the data covers counts ({@link SeenSpan}): a day it does not reach at all gives nothing, a day
 * it reaches in part is valued for that part and says so (its covered seconds, not complete), and the last
 * state lasts no further than the data. Nothing is returned for a domain whose states do not map to on and
 * off, nor when no on-state of the range has a profile (the device cannot be valued yet; a climate entity off
 * all range has no on-state at all). A day the device stayed off is 0 Wh, valued at what it would draw.
 * <p>
 * Each day carries how far it can be trusted ({@link EnergyConfidence}): a confidence (weighted by on-time like the
 * power) and the range the truth lay in four times in five at that confidence on real houses.
 * <p>
 * A device with a configured power ({@link ConfiguredPower}) is valued by it instead, profile or not: its on-time ×
 * the configured on-power plus the rest of the covered time it was known to be off × the configured standby power,
 * with a configured power's confidence and range.
 */
public final class DailyEnergy {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double SECONDS_PER_HOUR = 3600;
    /** How much a climate entity's profiles are trusted for time only its mode says it was on. */
    static final double BY_MODE_CONFIDENCE = 0.5;

    private final ZoneId zone;
    private final OnStates states;
    private final ConfiguredPowers configured;

    public DailyEnergy() {
        this(ZoneOffset.UTC);
    }

    public DailyEnergy(ZoneId zone) {
        this(zone, OnStates.DEFAULTS);
    }

    public DailyEnergy(ZoneId zone, OnStates states) {
        this(zone, states, ConfiguredPowers.NONE);
    }

    public DailyEnergy(ZoneId zone, OnStates states, ConfiguredPowers configured) {
        this.zone = zone;
        this.states = states;
        this.configured = configured;
    }

    /** Which states of each domain are on. */
    public OnStates states() {
        return states;
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

    /** As {@link #days(String, String, String, List, LocalDate, LocalDate, SeenSpan, ClimateActions, ProfileLookup)}, no action stored. */
    public List<DeviceEnergyDay> days(String entityId, String domain, String stateAtStart, List<StateChange> changes,
            LocalDate first, LocalDate last, SeenSpan seen, ProfileLookup profiles) {
        return days(entityId, domain, stateAtStart, changes, first, last, seen, ClimateActions.NONE, profiles);
    }

    /**
     * Each day's energy from {@code first} to {@code last}, both included, counting only what the data covers:
     * a day outside {@code seen} is left out.
     *
     * @param stateAtStart the entity's state at the start of {@code first} (null when none is stored: unknown)
     * @param changes      the entity's state changes in time order; those before the range are ignored (the
     *                     state at its start says where it stood), as are those after it
     * @param actions      a climate entity's stored actions, the one at the range's start first
     */
    public List<DeviceEnergyDay> days(String entityId, String domain, String stateAtStart, List<StateChange> changes,
            LocalDate first, LocalDate last, SeenSpan seen, ClimateActions actions, ProfileLookup profiles) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the last day is before the first: " + first + ", " + last);
        }
        List<Instant> bounds = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last.plusDays(1)); d = d.plusDays(1)) {
            bounds.add(d.atStartOfDay(zone).toInstant());
        }
        return valued(entityId, domain, stateAtStart, changes, actions, first, bounds, seen, profiles);
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
            ClimateActions actions, LocalDate first, List<Instant> bounds, SeenSpan seen, ProfileLookup profiles) {
        if (!states.supports(domain)) {
            return List.of();
        }
        DailyOnTime onTime = DailyOnTime.of(entityId, domain, stateAtStart, changes, actions, bounds, seen, states);
        Optional<ConfiguredPower> set = configured.of(entityId);
        if (set.isPresent()) {
            return configured(entityId, set.get(), onTime, first, bounds, seen);
        }
        Set<String> onStates = new LinkedHashSet<>(onTime.onStates());
        if (!domain.equals(OnStates.CLIMATE)) {
            onStates.addAll(new TreeSet<>(states.of(domain))); // valued even when it stayed off
        }
        Map<String, OnStatePower.Power> powers = OnStatePower.of(entityId, onStates, states.of(domain), profiles);
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
                double byMode = onTime.byModeNanos(d).getOrDefault(e.getKey(), 0L) / NANOS_PER_SECOND;
                confidenceSeconds += (s - byMode) * p.energyConfidence() + byMode * p.energyConfidence() * BY_MODE_CONFIDENCE;
            }
            boolean on = seconds > 0;
            double wh = wattSeconds / SECONDS_PER_HOUR;
            double confidence = on ? Math.round(confidenceSeconds / seconds * 1000) / 1000.0 : whenOff.energyConfidence();
            days.add(new DeviceEnergyDay(entityId, first.plusDays(d), bounds.get(d), wh, EnergyConfidence.lowWh(wh, confidence),
                    EnergyConfidence.highWh(wh, confidence), seconds, on ? wattSeconds / seconds : whenOff.watts(), confidence,
                    covered.toNanos() / NANOS_PER_SECOND, complete, onTime.unknownNanos(d) / NANOS_PER_SECOND,
                    DeviceEnergyDay.PROFILE));
        }
        return days;
    }

    /** Each seen day valued at the configured power: on-time at the on-power, the time known off at standby. */
    private static List<DeviceEnergyDay> configured(String entityId, ConfiguredPower power, DailyOnTime onTime,
            LocalDate first, List<Instant> bounds, SeenSpan seen) {
        List<DeviceEnergyDay> days = new ArrayList<>();
        for (int d = 0; d < bounds.size() - 1; d++) {
            Duration covered = seen.within(bounds.get(d), bounds.get(d + 1));
            if (covered.isZero()) {
                continue;
            }
            double coveredSeconds = covered.toNanos() / NANOS_PER_SECOND;
            double on = onTime.nanos(d).values().stream().mapToLong(Long::longValue).sum() / NANOS_PER_SECOND;
            double unknown = onTime.unknownNanos(d) / NANOS_PER_SECOND;
            double off = Math.max(0, coveredSeconds - on - unknown);
            double wh = (on * power.onW() + off * power.standbyW()) / SECONDS_PER_HOUR;
            days.add(new DeviceEnergyDay(entityId, first.plusDays(d), bounds.get(d), wh, EnergyConfidence.configuredLowWh(wh),
                    EnergyConfidence.configuredHighWh(wh), on, power.onW(), EnergyConfidence.configured(), coveredSeconds,
                    covered.equals(Duration.between(bounds.get(d), bounds.get(d + 1))), unknown,
                    DeviceEnergyDay.CONFIGURED));
        }
        return days;
    }
}
