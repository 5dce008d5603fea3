package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.ProfileBook;
import io.energycorrelator.devices.profile.ProfileLookup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a step estimator over a house's state changes as the live service would: in cycles of
 * {@value #CYCLE_SECONDS} s, each taking the state changes settled since the last (event + the estimator's
 * reach + {@value #GRACE_SECONDS} s of grace), reading them all with the profiles as they stood when the cycle
 * began, then learning from its correlations, with their overlaps and confidence as the service computes
 * them: all of them, or only those whose step reaches a minimum (the service writes those of at least its
 * threshold, 10 W by default). So an event's reading only ever uses what earlier cycles learned. At the first cycle after each UTC midnight it keeps a copy of the profiles (through
 * snapshot and restore), to value the day that just ended as the service would then.
 */
final class OnlineRun {

    static final long CYCLE_SECONDS = 60;
    static final long GRACE_SECONDS = 30;
    /** The service's default threshold: a correlation with a smaller step is not written. */
    static final double WRITE_THRESHOLD_W = 10;
    static final Duration MAX_READING_GAP = Duration.ofSeconds(30);

    /** What the run saw: each state change's step (null when none was read), and the profiles at each day's end. */
    record Outcome(List<PowerStep> steps, Map<LocalDate, ProfileLookup> profilesAfterDay, ProfileBook finalBook) {
    }

    private OnlineRun() {
    }

    /**
     * @param changes   the state changes in time order
     * @param estimator       the estimator, given the profiles learned so far (the rules that ignore them may too)
     * @param minLearnedStepW the smallest step learned (0: every correlation)
     */
    static Outcome run(MeterWindow meter, List<StateChange> changes, Function<ProfileLookup, StepEstimator> estimator,
            double minLearnedStepW) {
        ProfileBook book = new ProfileBook();
        StepEstimator rule = estimator.apply(book);
        Duration reach = rule.reach();
        Confidence confidence = new Confidence(reach.plus(MAX_READING_GAP));
        long[] times = changes.stream().mapToLong(c -> MeterWindow.toNanos(c.time())).toArray();
        Arrays.sort(times);

        List<PowerStep> steps = new ArrayList<>(changes.size());
        Map<LocalDate, ProfileLookup> profilesAfterDay = new LinkedHashMap<>();
        LocalDate day = changes.isEmpty() ? null : LocalDate.ofInstant(changes.get(0).time(), ZoneOffset.UTC);
        int i = 0;
        while (i < changes.size()) {
            long cycle = cycleOf(changes.get(i).time(), reach);
            LocalDate cycleDay = LocalDate.ofInstant(Instant.ofEpochSecond(cycle * CYCLE_SECONDS), ZoneOffset.UTC);
            while (cycleDay.isAfter(day)) {
                profilesAfterDay.put(day, copyOf(book));
                day = day.plusDays(1);
            }
            int end = i;
            while (end < changes.size() && cycleOf(changes.get(end).time(), reach) == cycle) {
                end++;
            }
            List<Correlation> correlations = new ArrayList<>();
            for (int k = i; k < end; k++) {
                StateChange change = changes.get(k);
                PowerStep step = rule.estimate(meter, change);
                steps.add(step);
                if (step != null && Math.abs(step.deltaW()) >= minLearnedStepW) {
                    int overlapping = overlapping(times, MeterWindow.toNanos(change.time()), reach.toNanos());
                    correlations.add(new Correlation(change, step.beforeW(), step.afterW(), overlapping,
                            confidence.of(step.deltaW(), overlapping, meter, change.time(), step.held())));
                }
            }
            book.learnAll(correlations);
            i = end;
        }
        if (day != null) {
            profilesAfterDay.put(day, copyOf(book));
        }
        return new Outcome(steps, profilesAfterDay, book);
    }

    /** The cycle that reads a state change: the first whole minute (epoch minutes) at or after event + reach + grace. */
    static long cycleOf(Instant event, Duration reach) {
        Instant settled = event.plus(reach).plusSeconds(GRACE_SECONDS);
        long seconds = settled.getEpochSecond() + (settled.getNano() > 0 ? 1 : 0);
        return Math.floorDiv(seconds + CYCLE_SECONDS - 1, CYCLE_SECONDS);
    }

    /** Other state changes within reach of one at t (as the service's cycle counts them). */
    private static int overlapping(long[] sortedNanos, long t, long reachNanos) {
        int from = firstAtOrAfter(sortedNanos, t - reachNanos);
        int to = firstAtOrAfter(sortedNanos, t + reachNanos + 1);
        return Math.max(0, to - from - 1);
    }

    private static int firstAtOrAfter(long[] sorted, long t) {
        int i = Arrays.binarySearch(sorted, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == t) {
            i--;
        }
        return i;
    }

    private static ProfileBook copyOf(ProfileBook book) {
        ProfileBook copy = new ProfileBook(book.capacity());
        copy.restore(book.snapshot());
        return copy;
    }
}
