package io.energycorrelator.output;

import io.energycorrelator.correlate.Confidence;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON the example outputs write for a correlation ({@link io.energycorrelator.correlate.CorrelationMessage}),
 * checked field by field.
 */
final class CorrelationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CorrelationJson() {
    }

    /** The text is exactly this JSON object, its fields in this order (a clean step on a flat meter, no overlap). */
    static void assertCorrelation(String json, String entityId, String domain, String state, String previousState, Instant time,
            double before, double after, String run) throws IOException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("entity_id", entityId);
        expected.put("domain", domain);
        expected.put("state", state);
        expected.put("previous_state", previousState);
        expected.put("time", time.toString());
        expected.put("power_before_w", before);
        expected.put("power_after_w", after);
        expected.put("power_delta_w", after - before);
        expected.put("power_delta_pct", (after - before) / before * 100.0);
        double confidence = Confidence.calibrated(1.0, 0, false, Math.abs(after - before));
        expected.put("power_delta_uncertainty_w", Confidence.uncertaintyW(confidence, after - before));
        expected.put("confidence", confidence);
        expected.put("overlapping_events", 0);
        expected.put("run", run);

        JsonNode node = JSON.readTree(json);
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyElementsOf(expected.keySet());
        assertThat(node).isEqualTo(JSON.valueToTree(expected));
    }
}
