package io.energycorrelator.devices;

import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.StateChangesRead;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.ClimateActions;
import io.energycorrelator.devices.profile.DailyEnergy;
import io.energycorrelator.devices.profile.DeviceEnergyDay;
import io.energycorrelator.devices.profile.DeviceEnergyFields;
import io.energycorrelator.devices.profile.OnStates;
import io.energycorrelator.devices.profile.ProfileLookup;
import io.energycorrelator.devices.profile.SeenSpan;
import org.apache.camel.component.influxdb2.data.Records;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each device's energy per day (its domain having on-states, {@link OnStates}) (measurement {@value DeviceEnergyFields#MEASUREMENT}): its on-time in
 * the day, from its state changes, × what its profiles say it draws ({@link DailyEnergy}), counted only over
 * the span the data covers ({@link SeenData}, three small queries), the entities' states at the range's start
 * and their state changes in it (one query each; more when they pass the most one read takes: the read then
 * goes on in parts), and where the layout stores it, what each climate entity was doing ({@link ClimateActionReader},
 * one more query).
 */
public class DeviceEnergy {

    /** The most state changes one read takes; a range with more is read in consecutive parts. */
    public static final int MAX_STATE_CHANGES_PER_READ = 1_000_000;
    /** The most days stored incomplete that one write computes again (the rest wait for the next). */
    static final int INCOMPLETE_DAYS_PER_WRITE = 31;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceEnergy.class);

    private final StateChangeReader reader;
    private final SeenData seen;
    private final IncompleteDays incomplete;
    private final DailyEnergy daily;
    private final ProfileLookup profiles;
    private final Clock clock;
    private final int maxStateChangesPerRead;
    private final ClimateActionReader actions;

    public DeviceEnergy(StateChangeReader reader, SeenData seen, IncompleteDays incomplete, DailyEnergy daily,
            ProfileLookup profiles, Clock clock) {
        this(reader, seen, incomplete, daily, profiles, clock, MAX_STATE_CHANGES_PER_READ);
    }

    public DeviceEnergy(StateChangeReader reader, SeenData seen, IncompleteDays incomplete, DailyEnergy daily,
            ProfileLookup profiles, Clock clock, int maxStateChangesPerRead) {
        this(reader, seen, incomplete, daily, profiles, clock, maxStateChangesPerRead, ClimateActionReader.NONE);
    }

    /**
     * @param maxStateChangesPerRead the most state changes one read takes (lowered by tests to reach it quickly)
     * @param actions                where the climate entities' actions are read (where the layout stores them)
     */
    public DeviceEnergy(StateChangeReader reader, SeenData seen, IncompleteDays incomplete, DailyEnergy daily,
            ProfileLookup profiles, Clock clock, int maxStateChangesPerRead, ClimateActionReader actions) {
        this.actions = actions;
        this.reader = reader;
        this.seen = seen;
        this.incomplete = incomplete;
        this.daily = daily;
        this.profiles = profiles;
        this.clock = clock;
        this.maxStateChangesPerRead = maxStateChangesPerRead;
    }

    /**
     * The last complete day's energy of every device that can be valued, and that of each day stored incomplete
     * which the data now covers whole, as points (each write replaces the last).
     */
    public Records lastCompleteDay() {
        Instant now = clock.instant();
        Optional<SeenSpan> span = seen.before(now);
        if (span.isEmpty()) {
            return toPoints(List.of());
        }
        LocalDate yesterday = daily.dayOf(now).minusDays(1);
        List<DeviceEnergyDay> days = new ArrayList<>(days(yesterday, yesterday, span.get()));
        days.addAll(nowCoveredWhole(daily.startOf(yesterday), span.get()));
        return toPoints(days);
    }

    /** The days before {@code before} stored incomplete that the data now covers whole, computed again. */
    private List<DeviceEnergyDay> nowCoveredWhole(Instant before, SeenSpan span) {
        List<LocalDate> covered = incomplete.before(before).stream().map(daily::dayOf).distinct()
                .filter(d -> span.covers(daily.startOf(d), daily.startOf(d.plusDays(1))))
                .limit(INCOMPLETE_DAYS_PER_WRITE).toList();
        List<DeviceEnergyDay> days = new ArrayList<>();
        covered.forEach(d -> days.addAll(days(d, d, span)));
        if (!covered.isEmpty()) {
            LOG.info("Daily energy: {} day(s) written incomplete are now covered whole by the data, written again: {}",
                    covered.size(), covered);
        }
        return days;
    }

    /**
     * After a backfill of [start, end): the energy of every day up to the last complete one that the range
     * touches, counted no further than the range's end nor the data's.
     */
    public Records forRange(@Header("start") Instant start, @Header("end") Instant end) {
        Instant now = clock.instant();
        LocalDate first = daily.dayOf(start);
        LocalDate last = daily.dayOf(end.minusNanos(1));
        LocalDate lastComplete = daily.dayOf(now).minusDays(1);
        if (last.isAfter(lastComplete)) {
            last = lastComplete;
        }
        Optional<SeenSpan> span = seen.before(now).map(s -> s.endingBy(end));
        return toPoints(last.isBefore(first) || span.isEmpty() ? List.of() : days(first, last, span.get()));
    }

    /** Each device's energy for each day from first to last that the span touches, by entity. */
    private List<DeviceEnergyDay> days(LocalDate first, LocalDate last, SeenSpan span) {
        Instant start = daily.startOf(first);
        Instant end = daily.startOf(last.plusDays(1));
        History history = history(start, end);
        List<DeviceEnergyDay> days = new ArrayList<>();
        history.entities().forEach(entity -> days.addAll(daily.days(entity, domainOf(entity), history.states().get(entity),
                history.changes().getOrDefault(entity, List.of()), first, last, span, history.actionsOf(entity), profiles)));
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
     * Each device's state now (its last state change so far, or its state before today), a climate entity's last
     * stored action (null where none is stored) and its energy
     * today so far, up to the last meter reading (null when it cannot be valued), by entity: from one reading
     * of today's history.
     */
    public Map<String, DeviceNow> now() {
        Instant now = clock.instant();
        LocalDate today = daily.dayOf(now);
        Optional<SeenSpan> span = seen.before(now);
        History history = history(daily.startOf(today), now);
        Map<String, DeviceNow> devices = new TreeMap<>();
        history.entities().forEach(entity -> {
            List<StateChange> changes = history.changes().getOrDefault(entity, List.of());
            String state = changes.isEmpty() ? history.states().get(entity) : changes.get(changes.size() - 1).state();
            DeviceEnergyDay energyToday = span.flatMap(s -> daily.days(entity, domainOf(entity), history.states().get(entity),
                    changes, today, today, s, history.actionsOf(entity), profiles).stream().findFirst()).orElse(null);
            ClimateActions actions = history.actionsOf(entity);
            String action = actions.changes().isEmpty() ? actions.atStart()
                    : actions.changes().get(actions.changes().size() - 1).action();
            devices.put(entity, new DeviceNow(entity, state, action, energyToday));
        });
        return devices;
    }

    /**
     * A device as it is now: its state, a climate entity's action (null when none is stored), and its energy today
     * so far (null when it cannot be valued).
     */
    public record DeviceNow(String entityId, String state, String action, DeviceEnergyDay energyToday) {
    }

    /** Each device's energy on the last complete day, as far as the data covers it, by entity. */
    public Map<String, DeviceEnergyDay> yesterday() {
        Instant now = clock.instant();
        LocalDate yesterday = daily.dayOf(now).minusDays(1);
        Map<String, DeviceEnergyDay> energy = new TreeMap<>();
        seen.before(now).ifPresent(span -> days(yesterday, yesterday, span).forEach(day -> energy.put(day.entityId(), day)));
        return energy;
    }

    /** The states of the on/off devices at start, and their state changes in [start, end), by entity. */
    private History history(Instant start, Instant end) {
        Map<String, String> states = new TreeMap<>(reader.lastStatesAtOrBefore(start.minusNanos(1)));
        OnStates onStates = daily.states();
        states.keySet().removeIf(entity -> !onStates.supports(domainOf(entity)));
        Map<String, List<StateChange>> changes = new TreeMap<>();
        // A read stops at its maximum (the reader says where): the next part goes on from there.
        Instant after = start.minusNanos(1);
        Instant until = end.minusNanos(1);
        int parts = 0;
        while (true) {
            Cycle part = new Cycle(Cycle.Run.BACKFILL, after, until, maxStateChangesPerRead);
            StateChangesRead read = new StateChangesRead(part);
            for (StateChange change : reader.readRange(part, read)) {
                if (onStates.supports(change.domain())) {
                    changes.computeIfAbsent(change.entityId(), e -> new ArrayList<>()).add(change);
                }
            }
            parts++;
            if (!read.settledUntil().isBefore(until)) {
                break;
            }
            if (!read.settledUntil().isAfter(after)) {
                throw new IllegalStateException("reading the state changes of " + part + " made no progress");
            }
            after = read.settledUntil();
        }
        if (parts > 1) {
            LOG.info("Daily energy: the state changes of [{}, {}) are more than {} a read; read in {} parts", start, end,
                    maxStateChangesPerRead, parts);
        }
        TreeSet<String> entities = new TreeSet<>(states.keySet());
        entities.addAll(changes.keySet());
        return new History(entities, states, changes, actions.read(start, end));
    }

    private record History(TreeSet<String> entities, Map<String, String> states, Map<String, List<StateChange>> changes,
            Map<String, ClimateActions> actions) {

        ClimateActions actionsOf(String entity) {
            return actions.getOrDefault(entity, ClimateActions.NONE);
        }
    }

    /** Which states of each domain are on. */
    public OnStates states() {
        return daily.states();
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
