package io.energycorrelator.correlate;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.model.Correlation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationPointsTest {

    private static final Instant T = Instant.parse("2024-03-01T19:30:05Z");

    private static String line(Correlation c) {
        return CorrelationPoints.line(c, new StringBuilder()).toString();
    }

    /** What the InfluxDB client's Point writes for the same correlation: the reference for every line. */
    private static String asPoint(Correlation c) {
        StateChange change = c.change();
        return Point.measurement(CorrelationPoints.MEASUREMENT).time(change.time(), WritePrecision.NS)
                .addTag("entity_id", change.entityId()).addTag("domain", change.domain()).addTag("state", change.state())
                .addTag("previous_state", change.previousState() == null ? CorrelationPoints.UNKNOWN_STATE : change.previousState())
                .addField("power_before_w", c.powerBeforeW()).addField("power_after_w", c.powerAfterW())
                .addField("power_delta_w", c.powerDeltaW()).addField("power_delta_pct", c.powerDeltaPct())
                .addField("overlapping_events", (long) c.overlappingEvents()).addField("confidence", c.confidence())
                .addField("estimate_source", c.estimateSource())
                .toLineProtocol();
    }

    @Test
    void eachLineIsWhatTheClientsPointWouldWrite() {
        Random random = new Random(3);
        String[] texts = {"on", "off", "", " ", "a b", "x,y", "k=v", "tab\there", "line\nbreak", "q\"uote", "back\\slash", "ünïcödé", "unknown"};
        double[] specials = {0.0, -0.0, 1e-300, -4.9e-324, 1e300, 123456789.0, 1e7, 9999999.999, 0.001, 0.000999, 1e21, 2.5e-5,
                Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE, Double.MIN_NORMAL, 1.0 / 3, 2450, 60.2};
        for (int i = 0; i < 50_000; i++) {
            double before = i % 4 == 0 ? specials[random.nextInt(specials.length)] : (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(12) - 4);
            double after = i % 5 == 0 ? specials[random.nextInt(specials.length)] : before + (random.nextDouble() - 0.5) * 3000;
            double confidence = i % 7 == 0 ? specials[random.nextInt(specials.length)] : random.nextDouble();
            String state = texts[random.nextInt(texts.length)];
            Correlation c = new Correlation(new StateChange(Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)),
                    "switch." + texts[random.nextInt(texts.length)], "switch", state.isEmpty() ? "on" : state,
                    random.nextBoolean() ? null : texts[random.nextInt(texts.length)]), before, after, random.nextInt(5), confidence,
                    i % 3 == 0 ? texts[random.nextInt(texts.length)] : "meter");
            assertThat(line(c)).isEqualTo(asPoint(c));
        }
        assertThat(CorrelationPoints.lines(List.of())).isEmpty();
    }

    @Test
    void theDesignExampleBecomesThisLineProtocol() {
        Correlation c = new Correlation(new StateChange(T, "switch.lamp", "switch", "on", "off"), 2450, 2510, 0, 1.0);

        assertThat(c.powerDeltaW()).isEqualTo(60.0);
        assertThat(c.powerDeltaPct()).isEqualTo(60.0 / 2450.0 * 100.0);
        assertThat(line(c)).isEqualTo(
                "event_energy_correlation,domain=switch,entity_id=switch.lamp,previous_state=off,state=on "
                        + "confidence=1.0,estimate_source=\"meter\",overlapping_events=0i,"
                        + "power_after_w=2510.0,power_before_w=2450.0,power_delta_pct=2.4489795918367347,power_delta_w=60.0 "
                        + "1709321405000000000");
    }

    @Test
    void aStepDownHasANegativeDeltaAndPercentage() {
        Correlation c = new Correlation(new StateChange(T, "light.hall", "light", "off", "on"), 400, 100, 0, 1.0);

        assertThat(c.powerDeltaW()).isEqualTo(-300.0);
        assertThat(c.powerDeltaPct()).isEqualTo(-75.0);
    }

    @Test
    void withNoPowerBeforeThePercentageIsZero() {
        Correlation c = new Correlation(new StateChange(T, "switch.pump", "switch", "on", "off"), 0, 120, 0, 1.0);

        assertThat(c.powerDeltaPct()).isZero();
    }

    @Test
    void aMissingPreviousStateIsTaggedUnknown() {
        Correlation c = new Correlation(new StateChange(T, "switch.pump", "switch", "on", null), 100, 220, 0, 1.0);

        assertThat(line(c)).contains(",previous_state=unknown,");
    }
}
