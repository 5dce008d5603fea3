package io.energycorrelator.devices.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest steps of one entity's transition, at most {@code capacity} of them by event time: how a
 * profile forgets. A device replaced by one that draws differently is re-learned once half the capacity
 * of new steps has come in (the median then moves to them). Keyed by event time, so learning the same
 * state change twice (a backfill redone) replaces its step instead of counting it twice, and the steps
 * kept do not depend on the order they were learned in. Not thread-safe: {@link ProfileBook} guards it.
 */
final class RecentSteps {

    private final int capacity;
    private final TreeMap<Instant, Double> stepsByTime = new TreeMap<>();

    RecentSteps(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a step (replacing one at the same time) and drops the oldest beyond the capacity. */
    void add(ObservedStep step) {
        stepsByTime.put(step.time(), step.stepW());
        while (stepsByTime.size() > capacity) {
            stepsByTime.pollFirstEntry();
        }
    }

    /** Removes the step at this time, if there is one. */
    void remove(Instant time) {
        stepsByTime.remove(time);
    }

    /** An independent copy, to restore later. */
    RecentSteps copy() {
        RecentSteps copy = new RecentSteps(capacity);
        copy.stepsByTime.putAll(stepsByTime);
        return copy;
    }

    boolean isEmpty() {
        return stepsByTime.isEmpty();
    }

    /** The steps kept, oldest first. */
    List<ObservedStep> steps() {
        List<ObservedStep> steps = new ArrayList<>(stepsByTime.size());
        for (Map.Entry<Instant, Double> e : stepsByTime.entrySet()) {
            steps.add(new ObservedStep(e.getKey(), e.getValue()));
        }
        return steps;
    }
}
