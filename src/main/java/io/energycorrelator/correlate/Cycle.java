package io.energycorrelator.correlate;

import java.time.Instant;

/** The time range [start, end) of state changes that one correlation cycle handles. */
public record Cycle(Instant start, Instant end) {
}
