package io.energycorrelator.devices.profile;

import java.time.Duration;
import java.time.Instant;

/**
 * The time the service has data for, [from, until): energy is counted only within it, so a day the data
 * does not reach is left out and a day it reaches in part is counted for that part only.
 */
public record SeenSpan(Instant from, Instant until) {

    /** No bound: every instant seen (days computed from data known to be whole). */
    public static final SeenSpan ALL = new SeenSpan(Instant.MIN, Instant.MAX);

    public SeenSpan {
        if (until.isBefore(from)) {
            throw new IllegalArgumentException("a seen span that ends before it starts: " + from + ", " + until);
        }
    }

    /** This span, ending no later than {@code end}. */
    public SeenSpan endingBy(Instant end) {
        Instant u = until.isBefore(end) ? until : end;
        return new SeenSpan(from.isAfter(u) ? u : from, u);
    }

    /** How much of [a, b) lies within this span. */
    public Duration within(Instant a, Instant b) {
        Instant start = a.isAfter(from) ? a : from;
        Instant end = b.isBefore(until) ? b : until;
        return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
    }

    /** Whether all of [a, b) lies within this span. */
    public boolean covers(Instant a, Instant b) {
        return !a.isBefore(from) && !b.isAfter(until);
    }
}
