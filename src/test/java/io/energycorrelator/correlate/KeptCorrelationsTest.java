package io.energycorrelator.correlate;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split's tally is made afresh by each split: a backfill span runs its chunks on one exchange, so a chunk whose
 * split had nothing to aggregate must not leave the previous chunk's tally in place.
 */
class KeptCorrelationsTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final KeptCorrelations strategy = new KeptCorrelations();

    @Test
    void eachSplitCountsAfreshAndAnEmptyOneCountsNothing() {
        Exchange range = new DefaultExchange(camel);
        Cycle cycle = new Cycle(Cycle.Run.BACKFILL, Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-01T01:00:00Z"), 10);
        range.setProperty(RouteNames.LOOK_BACK, new LookBack(cycle));

        // a chunk whose split had two items: one below the threshold, one without a step
        Exchange first = item(range, true, false);
        Exchange result = strategy.aggregate(null, first, range);
        result = strategy.aggregate(result, item(range, false, false), range);
        strategy.onCompletion(result, range);
        CorrelationsKept kept = range.getProperty(RouteNames.CORRELATIONS_KEPT, CorrelationsKept.class);
        assertThat(kept.belowThreshold()).isEqualTo(1);
        assertThat(kept.skips().byReason()).containsExactly(java.util.Map.entry(SkipLog.NO_METER_DATA, 1L));
        assertThat(result.getMessage().getBody(List.class)).isEmpty();

        // the next chunk on the same exchange, whose split had no item
        strategy.onCompletion(null, range);
        CorrelationsKept next = range.getProperty(RouteNames.CORRELATIONS_KEPT, CorrelationsKept.class);
        assertThat(next).isNotSameAs(kept);
        assertThat(next.correlationsFound()).isZero();
        assertThat(next.belowThreshold()).isZero();
        assertThat(next.skips().byReason()).isEmpty();
    }

    /** A split item as the route's two filters leave it (the item's properties are a copy of the range's). */
    private Exchange item(Exchange range, boolean hasPowerStep, boolean aboveThreshold) {
        Exchange item = range.copy();
        item.setProperty(RouteNames.HAS_POWER_STEP, hasPowerStep);
        item.setProperty(RouteNames.ABOVE_THRESHOLD, aboveThreshold);
        item.setProperty(Exchange.SPLIT_INDEX, 0);
        return item;
    }
}
