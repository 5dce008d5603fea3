package io.energycorrelator.devices.profile;

import java.time.Instant;

/** One step a device was seen to make: the time of its state change and power after − before, in watts. */
public record ObservedStep(Instant time, double stepW) {
}
