package io.energycorrelator.accuracy;

import java.time.Instant;

/**
 * A state change of an appliance as Home Assistant would record it, with what its own channel says it did.
 *
 * @param index     the sample (of the house's time column) that crossed
 * @param trueStepW the channel's step there; NaN when it has fewer than 3 samples on a side (not scored)
 */
public record TrueEvent(String entityId, int channel, int index, Instant time, String state, String previousState,
        double trueStepW) {

    public boolean scored() {
        return Double.isFinite(trueStepW);
    }
}
