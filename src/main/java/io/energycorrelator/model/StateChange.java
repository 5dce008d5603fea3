package io.energycorrelator.model;

import java.time.Instant;

/** One Home Assistant state change of a tracked entity, e.g. switch.lamp off → on at 19:30:05. */
public record StateChange(Instant time, String entityId, String domain, String state, String previousState) {
}
