package io.energycorrelator.devices.profile;

import io.energycorrelator.model.StateChange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How long one entity was on in each of a run of days, per on-state (a climate entity may heat one hour and
 * cool the next), and how long its state was unknown ({@code unavailable}, {@code unknown}, or none stored yet:
 * neither on nor off), from its state at the start and its state changes ({@link OnStates} says which states are
 * on). A climate entity whose action is stored is on while the action is; the time its mode alone said so is
 * kept apart ({@link #byModeNanos}). A stretch across a day's end counts in both days, each its part; time
 * outside the span the data covers ({@link SeenSpan}) counts in none.
 */
final class DailyOnTime {

    private final List<Map<String, Long>> nanosByDay;
    private final List<Map<String, Long>> byModeByDay;
    private final long[] unknownByDay;
    private final Set<String> onStates = new LinkedHashSet<>();
    private final SeenSpan seen;
    private final List<Instant> dayBounds;

    private DailyOnTime(List<Instant> dayBounds, SeenSpan seen) {
        int days = dayBounds.size() - 1;
        this.nanosByDay = new ArrayList<>();
        this.byModeByDay = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            nanosByDay.add(new TreeMap<>());
            byModeByDay.add(new TreeMap<>());
        }
        this.unknownByDay = new long[days];
        this.seen = seen;
        this.dayBounds = dayBounds;
    }

    /**
     * @param dayBounds    the start of each day, then the end of the last
     * @param stateAtStart the state at the first day's start (null: none stored, so unknown)
     * @param changes      in time order; those before the first day are ignored, as are those from the end on
     * @param actions      a climate entity's stored actions ({@link ClimateActions#NONE}: none)
     * @param seen         the span the data covers: time outside it is not counted
     */
    static DailyOnTime of(String entityId, String domain, String stateAtStart, List<StateChange> changes,
            ClimateActions actions, List<Instant> dayBounds, SeenSpan seen, OnStates states) {
        DailyOnTime time = new DailyOnTime(dayBounds, seen);
        Instant rangeStart = dayBounds.get(0);
        Instant rangeEnd = dayBounds.get(dayBounds.size() - 1);
        String state = Transition.normalised(stateAtStart);
        String action = actions.atStart();
        Instant since = rangeStart;
        Instant previous = Instant.MIN;
        List<ClimateActions.Action> pending = actions.changes();
        int a = 0;
        for (StateChange c : changes) {
            if (!entityId.equals(c.entityId())) {
                throw new IllegalArgumentException("a state change of " + c.entityId() + " among those of " + entityId);
            }
            if (c.time().isBefore(previous)) {
                throw new IllegalArgumentException("state changes of " + entityId + " out of time order at " + c.time());
            }
            previous = c.time();
            if (c.time().isBefore(rangeStart)) {
                continue;
            }
            if (!c.time().isBefore(rangeEnd)) {
                break;
            }
            // Actions strictly before the state change; one stored with it applies after it.
            for (; a < pending.size() && pending.get(a).time().isBefore(c.time()); a++) {
                since = time.actionAt(pending.get(a), domain, state, action, since, rangeStart, states);
                action = pending.get(a).time().isBefore(rangeStart) ? action : pending.get(a).action();
            }
            time.add(states.verdict(domain, state, action), state, since, c.time());
            state = Transition.normalised(c.state());
            if (OnStates.isUnknown(state)) {
                action = null; // an unavailable entity stores no action: the last one is stale
            }
            since = c.time();
        }
        for (; a < pending.size() && pending.get(a).time().isBefore(rangeEnd); a++) {
            since = time.actionAt(pending.get(a), domain, state, action, since, rangeStart, states);
            action = pending.get(a).time().isBefore(rangeStart) ? action : pending.get(a).action();
        }
        time.add(states.verdict(domain, state, action), state, since, rangeEnd);
        return time;
    }

    /** Closes the stretch before an action in the range; returns where the next one starts. */
    private Instant actionAt(ClimateActions.Action next, String domain, String state, String action, Instant since,
            Instant rangeStart, OnStates states) {
        if (next.time().isBefore(rangeStart)) {
            return since;
        }
        add(states.verdict(domain, state, action), state, since, next.time());
        return next.time();
    }

    /** Adds the seen part of [from, to) to each day it covers, as the verdict says. */
    private void add(OnStates.Verdict verdict, String state, Instant from, Instant to) {
        if (verdict == OnStates.Verdict.OFF || !to.isAfter(from)) {
            return;
        }
        for (int d = 0; d < nanosByDay.size(); d++) {
            Instant a = from.isAfter(dayBounds.get(d)) ? from : dayBounds.get(d);
            Instant b = to.isBefore(dayBounds.get(d + 1)) ? to : dayBounds.get(d + 1);
            long nanos = (b.isAfter(a) ? seen.within(a, b) : Duration.ZERO).toNanos();
            if (nanos == 0) {
                continue;
            }
            if (verdict == OnStates.Verdict.UNKNOWN) {
                unknownByDay[d] += nanos;
                continue;
            }
            onStates.add(state);
            nanosByDay.get(d).merge(state, nanos, Long::sum);
            if (verdict == OnStates.Verdict.ON_BY_MODE) {
                byModeByDay.get(d).merge(state, nanos, Long::sum);
            }
        }
    }

    /** Nanoseconds on in day d (0 = the first), by on-state. */
    Map<String, Long> nanos(int d) {
        return nanosByDay.get(d);
    }

    /** Of {@link #nanos}, those a climate entity's mode alone said were on (no action stored), by on-state. */
    Map<String, Long> byModeNanos(int d) {
        return byModeByDay.get(d);
    }

    /** Nanoseconds in day d whose state was unknown. */
    long unknownNanos(int d) {
        return unknownByDay[d];
    }

    /** The on-states the entity was in during the range, normalised ({@link Transition}). */
    Set<String> onStates() {
        return onStates;
    }
}
