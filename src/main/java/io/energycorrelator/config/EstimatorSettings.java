package io.energycorrelator.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which rule reads a power step from the meter, and that rule's parameters (each rule's keys are grouped
 * under its name in application.properties; only the chosen rule's are read).
 *
 * @param parameters           the chosen rule's parameters in seconds, by name (e.g. {@code tolerance_seconds})
 * @param profileMinConfidence {@code profile}: how confident a device's profile must be to choose the step
 */
public record EstimatorSettings(String name, Map<String, Duration> parameters, double profileMinConfidence) {

    public static final String PROFILE = "profile";
    public static final String NEAREST = "nearest";
    public static final String MEDIAN = "median";
    public static final String ALIGNED = "aligned";

    public static EstimatorSettings read(Settings r) {
        String name = r.get("correlator.estimator").oneOf(PROFILE, ALIGNED, MEDIAN, NEAREST);
        double minConfidence = 0;
        Map<String, Duration> parameters = new LinkedHashMap<>();
        switch (name) {
            case NEAREST -> parameters.put("window_seconds", r.get("correlator.correlation-window-seconds").seconds(2, 3_600));
            case MEDIAN -> {
                parameters.put("window_seconds", r.get("correlator.estimator.median.window-seconds").seconds(1, 600));
                parameters.put("settle_seconds", r.get("correlator.estimator.median.settle-seconds").seconds(0, 600));
            }
            default -> {
                // profile reads the candidate steps as aligned does, then lets a confident profile choose.
                parameters.put("tolerance_seconds", r.get("correlator.estimator.aligned.tolerance-seconds").seconds(0, 600));
                parameters.put("window_seconds", r.get("correlator.estimator.aligned.window-seconds").seconds(1, 600));
                if (name.equals(PROFILE)) {
                    minConfidence = r.get("correlator.estimator.profile.min-confidence").number(0, 1);
                }
            }
        }
        return new EstimatorSettings(name, Map.copyOf(parameters), minConfidence);
    }

    public Duration parameter(String name) {
        return parameters.get(name);
    }
}
