package io.energycorrelator.correlate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.support.MeterWindows;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConfidenceTest {

    private static final Instant EVENT = Instant.parse("2024-03-01T19:30:05Z");
    private static final Confidence CONFIDENCE = new Confidence(Duration.ofSeconds(35));

    private static MeterWindow readings(double... secondsAndWatts) {
        return MeterWindows.around(EVENT, secondsAndWatts);
    }

    /** The model by hand: 1 / (1 + e^-z). */
    private static double logistic(double z) {
        return 1 / (1 + Math.exp(-z)); // the service rounds it to three decimals
    }

    @Test
    void aCleanStepWithNothingNearIsTrustedAsOftenAsSuchStepsWereRightOnRealHouses() {
        MeterWindow flat = readings(-30, 500, -20, 500, -10, 500, 5, 560);

        // intercept + noise factor 1 + no overlap + below 100 W
        assertThat(CONFIDENCE.of(60, 0, flat, EVENT, false)).isCloseTo(logistic(-1.976 + 1.134 + 1.056 + 0.060), within(0.0005))
                .isCloseTo(0.569, within(0.001));
        // a 2 kW step, as clean: no size term
        assertThat(CONFIDENCE.of(2000, 0, flat, EVENT, false)).isCloseTo(logistic(-1.976 + 1.134 + 1.056), within(0.0005));
        // a 500 W step read from the whole house was most often another appliance's
        assertThat(CONFIDENCE.of(500, 0, flat, EVENT, false)).isCloseTo(logistic(-1.976 + 1.134 + 1.056 - 1.581), within(0.0005))
                .isLessThan(CONFIDENCE.of(60, 0, flat, EVENT, false));
    }

    @Test
    void eachOverlappingStateChangeLowersItDownToTwo() {
        MeterWindow flat = readings(-10, 500, 5, 560);

        double none = CONFIDENCE.of(60, 0, flat, EVENT, false);
        double one = CONFIDENCE.of(60, 1, flat, EVENT, false);
        double two = CONFIDENCE.of(60, 2, flat, EVENT, false);
        assertThat(one).isCloseTo(logistic(-1.976 + 1.134 + 0.718 + 0.060), within(0.0005));
        assertThat(two).isCloseTo(logistic(-1.976 + 1.134 + 0.060), within(0.0005)).isEqualTo(CONFIDENCE.of(60, 9, flat, EVENT, false));
        assertThat(none).isGreaterThan(one);
        assertThat(one).isGreaterThan(two);
    }

    @Test
    void noiseBeforeTheEventLowersIt() {
        // readings 400 and 600 before the event: σ = 100; the reading after (and any outside 35 s) does not count
        MeterWindow noisy = readings(-40, 10_000, -20, 400, -10, 600, 5, 2000);

        assertThat(CONFIDENCE.noiseBefore(noisy, EVENT)).isEqualTo(100.0);
        // noise factor 200 / (200 + 2 × 100) = 0.5, a 100–300 W step
        assertThat(CONFIDENCE.of(200, 0, noisy, EVENT, false)).isCloseTo(logistic(-1.976 + 1.134 * 0.5 + 1.056 - 0.728), within(0.0005));
        assertThat(CONFIDENCE.of(-200, 0, noisy, EVENT, false)).isEqualTo(CONFIDENCE.of(200, 0, noisy, EVENT, false));
    }

    @Test
    void aStepReadFromAHeldReadingIsTrustedLess() {
        // a meter that writes on change: silent for 10 minutes before the event, then the step
        MeterWindow silent = readings(-600, 500, 2, 560);

        assertThat(CONFIDENCE.of(60, 0, silent, EVENT, true)).isCloseTo(logistic(-1.976 + 1.134 + 1.056 - 0.835 + 0.060), within(0.0005))
                .isLessThan(CONFIDENCE.of(60, 0, silent, EVENT, false));
    }

    @Test
    void theUncertaintyIsTheShareOfTheStepWithinWhichTheTrueStepLayFourTimesInFive() {
        assertThat(Confidence.uncertaintyW(0.1, 60)).isCloseTo(62.4, within(1e-9));
        assertThat(Confidence.uncertaintyW(0.3, -200)).isCloseTo(198.0, within(1e-9));
        assertThat(Confidence.uncertaintyW(0.57, 60)).isCloseTo(56.4, within(1e-9));
    }
}
