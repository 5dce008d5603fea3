package io.energycorrelator.profile;

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
 * cool the next), from its state at the start and its state changes. A stretch on across a day's end counts
 * in both days, each its part; time outside the span the data covers ({@link SeenSpan}) counts in none.
 */
final class DailyOnTime {

    private final List<Map<String, Long>> nanosByDay;
    private final Set<String> onStates;
    private final SeenSpan seen;

    private DailyOnTime(List<Map<String, Long>> nanosByDay, Set<String> onStates, SeenSpan seen) {
        this.nanosByDay = nanosByDay;
        this.onStates = onStates;
        this.seen = seen;
    }

    /**
     * @param dayBounds    the start of each day, then the end of the last
     * @param stateAtStart the state at the first day's start (null: unknown, so off)
     * @param changes      in time order; those before the first day are ignored, as are those from the end on
     * @param seen         the span the data covers: on-time outside it is not counted
     */
    static DailyOnTime of(String entityId, String domain, String stateAtStart, List<StateChange> changes, List<Instant> dayBounds,
            SeenSpan seen) {
        List<Map<String, Long>> nanosByDay = new ArrayList<>();
        for (int d = 0; d < dayBounds.size() - 1; d++) {
            nanosByDay.add(new TreeMap<>());
        }
        DailyOnTime onTime = new DailyOnTime(nanosByDay, new LinkedHashSet<>(), seen);
        Instant rangeStart = dayBounds.get(0);
        Instant rangeEnd = dayBounds.get(dayBounds.size() - 1);
        String state = Transition.normalised(stateAtStart);
        Instant since = rangeStart;
        Instant previous = Instant.MIN;
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
            onTime.add(domain, state, since, c.time(), dayBounds);
            state = Transition.normalised(c.state());
            since = c.time();
        }
        onTime.add(domain, state, since, rangeEnd, dayBounds);
        return onTime;
    }

    /** Adds the seen part of [from, to) to each day it covers, if the state is on. */
    private void add(String domain, String state, Instant from, Instant to, List<Instant> dayBounds) {
        if (!OnOffStates.isOn(domain, state) || !to.isAfter(from)) {
            return;
        }
        for (int d = 0; d < nanosByDay.size(); d++) {
            Instant a = from.isAfter(dayBounds.get(d)) ? from : dayBounds.get(d);
            Instant b = to.isBefore(dayBounds.get(d + 1)) ? to : dayBounds.get(d + 1);
            Duration on = b.isAfter(a) ? seen.within(a, b) : Duration.ZERO;
            if (!on.isZero()) {
                onStates.add(state);
                nanosByDay.get(d).merge(state, on.toNanos(), Long::sum);
            }
        }
    }

    /** Nanoseconds on in day d (0 = the first), by on-state. */
    Map<String, Long> nanos(int d) {
        return nanosByDay.get(d);
    }

    /** The on-states the entity was in during the range, normalised ({@link Transition}). */
    Set<String> onStates() {
        return onStates;
    }
}
