package io.energycorrelator.correlate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which meter values are skipped, and why (InfluxDB itself cannot store NaN or infinity; a client can send them). */
class MeterValuesTest {

    private static String problem(Object value) {
        return MeterWindowLoader.problem(value, -100_000, 100_000);
    }

    @Test
    void numbersInThePlausibleRangeAreUsed() {
        assertThat(problem(2450.0)).isNull();
        assertThat(problem(0L)).isNull();
        assertThat(problem(-3200.5)).isNull(); // exporting solar power
        assertThat(problem(100_000.0)).isNull();
    }

    @Test
    void unusableValuesAreNamed() {
        assertThat(problem("unavailable")).isEqualTo("meter_value_not_numeric");
        assertThat(problem(true)).isEqualTo("meter_value_not_numeric");
        assertThat(problem(null)).isEqualTo("meter_value_not_numeric");
        assertThat(problem(Double.NaN)).isEqualTo("meter_value_not_finite");
        assertThat(problem(Double.POSITIVE_INFINITY)).isEqualTo("meter_value_not_finite");
        assertThat(problem(Double.NEGATIVE_INFINITY)).isEqualTo("meter_value_not_finite");
        assertThat(problem(1e9)).isEqualTo("meter_value_implausible");
        assertThat(problem(-100_000.5)).isEqualTo("meter_value_implausible");
    }
}
