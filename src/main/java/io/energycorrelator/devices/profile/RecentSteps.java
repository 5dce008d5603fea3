package io.energycorrelator.devices.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The newest steps of one entity's transition, at most {@code capacity} of them by event time: how a
 * profile forgets. A device replaced by one that draws differently is re-learned once half the capacity
 * of new steps has come in (the median then moves to them). Keyed by event time, so learning the same
 * state change twice (a backfill redone) replaces its step instead of counting it twice, and the steps
 * kept do not depend on the order they were learned in. Each step is kept as the instance that was added, so
 * that a failed cycle can take back its own steps and no other learner's ({@link ProfileChanges}); and up to
 * {@code capacity} older steps are held back behind the newest, so that the steps another learner pushed out of
 * the newest meanwhile come back into them when the failed cycle's own leave. Not thread-safe: {@link ProfileBook}
 * guards it.
 */
final class RecentSteps {

    private final int capacity;
    /** The newest {@code capacity} steps, and up to as many older ones held back. */
    private final TreeMap<Instant, ObservedStep> stepsByTime = new TreeMap<>();

    RecentSteps(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Adds a step (replacing one at the same time) and drops the oldest beyond the capacity and those held back;
     * returns the steps it pushed out, the replaced one first.
     */
    List<ObservedStep> add(ObservedStep step) {
        List<ObservedStep> displaced = new ArrayList<>(1);
        ObservedStep replaced = stepsByTime.put(step.time(), step);
        if (replaced != null) {
            displaced.add(replaced);
        }
        while (stepsByTime.size() > 2 * capacity) {
            displaced.add(stepsByTime.pollFirstEntry().getValue());
        }
        return displaced;
    }

    /** Removes this very step (the instance added), if it is still the one at its time. */
    void removeIfStill(ObservedStep step) {
        // by identity: an equal step another learner added at the same time is theirs, and stays
        if (stepsByTime.get(step.time()) == step) {
            stepsByTime.remove(step.time());
        }
    }

    /** Puts back a step pushed out earlier, unless another has its time now. */
    void putBack(ObservedStep step) {
        if (stepsByTime.putIfAbsent(step.time(), step) == null) {
            while (stepsByTime.size() > 2 * capacity) {
                stepsByTime.pollFirstEntry();
            }
        }
    }

    boolean isEmpty() {
        return stepsByTime.isEmpty();
    }

    /** The newest {@code capacity} steps (those held back behind them are not the profile's), oldest first. */
    List<ObservedStep> steps() {
        List<ObservedStep> all = new ArrayList<>(stepsByTime.values());
        return all.size() > capacity ? new ArrayList<>(all.subList(all.size() - capacity, all.size())) : all;
    }
}
