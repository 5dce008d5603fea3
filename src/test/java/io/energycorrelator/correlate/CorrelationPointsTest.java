package io.energycorrelator.correlate;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.support.StoredPoint;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationPointsTest {

    private static final Instant T = Instant.parse("2024-03-01T19:30:05Z");

    private static String line(Correlation c) {
        return CorrelationPoints.line(c, new StringBuilder()).toString();
    }

    /**
     * The fields and time the InfluxDB client's Point writes for the same correlation (its number format is the
     * reference; its tag escaping is not: it cannot write a tag value ending in a backslash).
     */
    private static StoredPoint fieldsAsPoint(Correlation c) {
        return StoredPoint.parse(Point.measurement(CorrelationPoints.MEASUREMENT).time(c.change().time(), WritePrecision.NS)
                .addField("power_before_w", c.powerBeforeW()).addField("power_after_w", c.powerAfterW())
                .addField("power_delta_w", c.powerDeltaW()).addField("power_delta_pct", c.powerDeltaPct())
                .addField("overlapping_events", (long) c.overlappingEvents()).addField("confidence", c.confidence())
                .addField("estimate_source", c.estimateSource())
                .addField("power_delta_uncertainty_w", Confidence.uncertaintyW(c.confidence(), c.powerDeltaW()))
                .toLineProtocol());
    }

    /** The tags InfluxDB must store: each value in its cleaned form, a missing previous state as "unknown". */
    private static Map<String, String> expectedTags(StateChange change) {
        Map<String, String> tags = new TreeMap<>();
        tags.put("domain", PointLine.cleanTag(change.domain()));
        tags.put("entity_id", PointLine.cleanTag(change.entityId()));
        tags.put("previous_state", change.previousState() == null ? "unknown" : PointLine.cleanTag(change.previousState()));
        tags.put("state", PointLine.cleanTag(change.state()));
        return tags;
    }

    @Test
    void everyLineIsOnePointThatInfluxDbStoresWithTheCleanedTagsAndTheClientsNumbers() {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        String[] texts = {"on", "off", " ", "a b", "x,y", "k=v", "tab\there", "line\nbreak", "cr\rlf", "q\"uote", "back\\slash",
                "on\\", "\\", "a\\ b", "x\\,y", "k\\=v", "=", ",", "\\\\", "ünïcödé", "\uD83D\uDE00 emoji", "unknown", "say \"hi\" \\"};
        double[] specials = {0.0, -0.0, 1e-300, -4.9e-324, 1e300, 123456789.0, 1e7, 9999999.999, 0.001, 0.000999, 1e21, 2.5e-5,
                Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE, Double.MIN_NORMAL, 1.0 / 3, 2450, 60.2};
        for (int i = 0; i < 10_000; i++) {
            double before = i % 4 == 0 ? specials[random.nextInt(specials.length)] : (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(12) - 4);
            double after = i % 5 == 0 ? specials[random.nextInt(specials.length)] : before + (random.nextDouble() - 0.5) * 3000;
            double confidence = i % 7 == 0 ? specials[random.nextInt(specials.length)] : random.nextDouble();
            Correlation c = new Correlation(new StateChange(Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)),
                    "switch." + texts[random.nextInt(texts.length)], "switch", texts[random.nextInt(texts.length)],
                    random.nextBoolean() ? null : texts[random.nextInt(texts.length)]), before, after, random.nextInt(5), confidence,
                    i % 3 == 0 ? texts[random.nextInt(texts.length)] : "meter");
            String line = line(c);
            lines.add(line);
            StoredPoint stored = StoredPoint.parse(line);
            StoredPoint reference = fieldsAsPoint(c);

            assertThat(stored.measurement()).isEqualTo(CorrelationPoints.MEASUREMENT);
            assertThat(stored.tags()).isEqualTo(expectedTags(c.change()));
            assertThat(stored.fields()).isEqualTo(reference.fields());
            assertThat(stored.time()).isEqualTo(reference.time());
        }
        // InfluxDB cuts a batch into the same lines (a hostile value never merges or splits them).
        assertThat(StoredPoint.lines(String.join("\n", lines))).isEqualTo(lines);
        assertThat(CorrelationPoints.lines(List.of())).isEmpty();
    }

    @Test
    void aStateEndingInABackslashNoLongerEscapesTheSpaceAfterIt() {
        Correlation c = new Correlation(new StateChange(T, "switch.lamp", "switch", "on\\", "off\\"), 2450, 2510, 0, 1.0);

        assertThat(line(c)).startsWith("event_energy_correlation,domain=switch,entity_id=switch.lamp,previous_state=off＼,state=on＼ "
                + "confidence=1.0,");
    }

    @Test
    void theLampExampleBecomesThisLineProtocol() {
        Correlation c = new Correlation(new StateChange(T, "switch.lamp", "switch", "on", "off"), 2450, 2510, 0, 1.0);

        assertThat(c.powerDeltaW()).isEqualTo(60.0);
        assertThat(c.powerDeltaPct()).isEqualTo(60.0 / 2450.0 * 100.0);
        assertThat(line(c)).isEqualTo(
                "event_energy_correlation,domain=switch,entity_id=switch.lamp,previous_state=off,state=on "
                        + "confidence=1.0,estimate_source=\"meter\",overlapping_events=0i,"
                        + "power_after_w=2510.0,power_before_w=2450.0,power_delta_pct=2.4489795918367347,power_delta_uncertainty_w=56.4,"
                        + "power_delta_w=60.0 1709321405000000000");
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
