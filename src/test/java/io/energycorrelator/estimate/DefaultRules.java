package io.energycorrelator.estimate;

import io.energycorrelator.devices.profile.ProfileLookup;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The four step rules with the service's default settings, each made for a run from the profiles learned so far. */
final class DefaultRules {

    /** A rule as the tables name it, and how to make it given the profiles (which only {@code profile} uses). */
    record Rule(String name, String settings, Function<ProfileLookup, StepEstimator> make) {
    }

    private static final Duration TOLERANCE = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(10);

    static final Rule NEAREST = new Rule("nearest", "window 10 s, max gap 30 s",
            profiles -> new NearestReadingEstimator(Duration.ofSeconds(5), Duration.ofSeconds(30)));
    static final Rule MEDIAN = new Rule("median", "window 10 s, settle 3 s",
            profiles -> new MedianEstimator(WINDOW, Duration.ofSeconds(3)));
    static final Rule ALIGNED = new Rule("aligned", "tolerance 10 s, window 10 s",
            profiles -> new AlignedEstimator(TOLERANCE, WINDOW));
    static final Rule PROFILE = new Rule("profile", "as aligned, min confidence " + ProfileEstimator.DEFAULT_MIN_CONFIDENCE,
            profiles -> new ProfileEstimator(TOLERANCE, WINDOW, profiles));

    static final List<Rule> ALL = List.of(NEAREST, MEDIAN, ALIGNED, PROFILE);

    private DefaultRules() {
    }
}
