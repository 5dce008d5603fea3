package io.energycorrelator.devices;

import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.profile.DailyEnergy;
import io.energycorrelator.profile.DeviceEnergyDay;
import io.energycorrelator.profile.DeviceEnergyFields;
import io.energycorrelator.profile.OnOffStates;
import io.energycorrelator.profile.ProfileLookup;
import org.apache.camel.component.influxdb2.data.Records;
import org.apache.camel.Header;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each on/off device's energy per day (measurement {@value DeviceEnergyFields#MEASUREMENT}): its on-time in
 * the day, from its state changes, × what its profiles say it draws ({@link DailyEnergy}). Two queries a
 * range: the entities' states at its start and their state changes in it.
 */
public class DeviceEnergy {

    /** More state changes than a house makes in the longest range asked for here. */
    private static final int MAX_STATE_CHANGES = 1_000_000;

    private final StateChangeReader reader;
    private final DailyEnergy daily;
    private final ProfileLookup profiles;
    private final Clock clock;

    public DeviceEnergy(StateChangeReader reader, DailyEnergy daily, ProfileLookup profiles, Clock clock) {
        this.reader = reader;
        this.daily = daily;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** The last complete day's energy of every device that can be valued, as points (each write replaces the last). */
    public Records lastCompleteDay() {
        LocalDate yesterday = daily.dayOf(clock.instant()).minusDays(1);
        return toPoints(days(yesterday, yesterday));
    }

    /** The energy of every complete day that [start, end) touches (after a backfill of that range). */
    public Records forRange(@Header("start") Instant start, @Header("end") Instant end) {
        LocalDate first = daily.dayOf(start);
        LocalDate last = daily.dayOf(end.minusNanos(1));
        LocalDate lastComplete = daily.dayOf(clock.instant()).minusDays(1);
        return toPoints(last.isAfter(lastComplete) ? lastComplete.isBefore(first) ? List.of() : days(first, lastComplete)
                : days(first, last));
    }

    /** Each device's energy for each day from first to last (both complete), by entity. */
    public List<DeviceEnergyDay> days(LocalDate first, LocalDate last) {
        Instant start = daily.startOf(first);
        Instant end = daily.startOf(last.plusDays(1));
        History history = history(start, end);
        List<DeviceEnergyDay> days = new ArrayList<>();
        history.entities().forEach(entity -> days.addAll(daily.days(entity, domainOf(entity), history.states().get(entity),
                history.changes().getOrDefault(entity, List.of()), first, last, profiles)));
        return days;
    }

    /** Each device's energy today so far, by entity. */
    public Map<String, DeviceEnergyDay> today() {
        Map<String, DeviceEnergyDay> energy = new TreeMap<>();
        now().forEach((entity, device) -> {
            if (device.energyToday() != null) {
                energy.put(entity, device.energyToday());
            }
        });
        return energy;
    }

    /**
     * Each on/off device's state now (its last state change so far, or its state before today) and its energy
     * today so far (null when it cannot be valued), by entity: from one reading of today's history.
     */
    public Map<String, DeviceNow> now() {
        Instant now = clock.instant();
        LocalDate today = daily.dayOf(now);
        History history = history(daily.startOf(today), now);
        Map<String, DeviceNow> devices = new TreeMap<>();
        history.entities().forEach(entity -> {
            List<StateChange> changes = history.changes().getOrDefault(entity, List.of());
            String state = changes.isEmpty() ? history.states().get(entity) : changes.get(changes.size() - 1).state();
            devices.put(entity, new DeviceNow(entity, state, daily.dayUntil(entity, domainOf(entity),
                    history.states().get(entity), changes, today, now, profiles).orElse(null)));
        });
        return devices;
    }

    /** An on/off device as it is now: its state, and its energy today so far (null when it cannot be valued). */
    public record DeviceNow(String entityId, String state, DeviceEnergyDay energyToday) {
    }

    /** Each device's energy on the last complete day, by entity. */
    public Map<String, DeviceEnergyDay> yesterday() {
        LocalDate yesterday = daily.dayOf(clock.instant()).minusDays(1);
        Map<String, DeviceEnergyDay> energy = new TreeMap<>();
        days(yesterday, yesterday).forEach(day -> energy.put(day.entityId(), day));
        return energy;
    }

    /** The states of the on/off devices at start, and their state changes in [start, end), by entity. */
    private History history(Instant start, Instant end) {
        Map<String, String> states = new TreeMap<>(reader.lastStatesAtOrBefore(start.minusNanos(1)));
        states.keySet().removeIf(entity -> !OnOffStates.supports(domainOf(entity)));
        Map<String, List<StateChange>> changes = new TreeMap<>();
        Cycle range = new Cycle(Cycle.Run.BACKFILL, start.minusNanos(1), end.minusNanos(1), MAX_STATE_CHANGES);
        for (StateChange change : reader.read(range)) {
            if (OnOffStates.supports(change.domain())) {
                changes.computeIfAbsent(change.entityId(), e -> new ArrayList<>()).add(change);
            }
        }
        TreeSet<String> entities = new TreeSet<>(states.keySet());
        entities.addAll(changes.keySet());
        return new History(entities, states, changes);
    }

    private record History(TreeSet<String> entities, Map<String, String> states, Map<String, List<StateChange>> changes) {
    }

    /** The domain of a full entity id ({@code switch.kettle} → {@code switch}). */
    private static String domainOf(String entityId) {
        int dot = entityId.indexOf('.');
        return dot < 0 ? "" : entityId.substring(0, dot);
    }

    private static Records toPoints(List<DeviceEnergyDay> days) {
        return PointLine.records(days.stream().map(day -> PointLine.measurement(DeviceEnergyFields.MEASUREMENT)
                .tags(DeviceEnergyFields.tags(day)).fields(DeviceEnergyFields.fields(day))
                .at(MeterWindow.toNanos(DeviceEnergyFields.time(day)))).toList());
    }
}
