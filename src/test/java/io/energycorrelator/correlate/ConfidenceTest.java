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

    @Test
    void aCleanStepWithNoOverlapIsFullyTrusted() {
        MeterWindow flat = readings(-30, 500, -20, 500, -10, 500, 5, 600);

        assertThat(CONFIDENCE.of(100, 0, flat, EVENT, false)).isEqualTo(1.0);
    }

    @Test
    void eachOverlappingStateChangeDividesTheConfidence() {
        MeterWindow flat = readings(-10, 500, 5, 600);

        assertThat(CONFIDENCE.of(100, 1, flat, EVENT, false)).isEqualTo(0.5);
        assertThat(CONFIDENCE.of(100, 3, flat, EVENT, false)).isEqualTo(0.25);
    }

    @Test
    void noiseBeforeTheEventLowersIt() {
        // readings 400 and 600 before the event: σ = 100; the reading after (and any outside 35 s) does not count
        MeterWindow noisy = readings(-40, 10_000, -20, 400, -10, 600, 5, 2000);

        assertThat(CONFIDENCE.noiseBefore(noisy, EVENT)).isEqualTo(100.0);
        assertThat(CONFIDENCE.of(200, 0, noisy, EVENT, false)).isCloseTo(0.5, within(1e-12));
        assertThat(CONFIDENCE.of(-200, 1, noisy, EVENT, false)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void aStepReadFromAHeldReadingIsTrustedHalfAsMuch() {
        // a meter that writes on change: silent for 10 minutes before the event, then the step
        MeterWindow silent = readings(-600, 500, 2, 560);

        assertThat(CONFIDENCE.of(60, 0, silent, EVENT, true)).isEqualTo(0.5);
        assertThat(CONFIDENCE.of(60, 1, silent, EVENT, true)).isEqualTo(0.25);
        assertThat(CONFIDENCE.of(60, 0, silent, EVENT, false)).isEqualTo(1.0);
    }
}
