package io.energycorrelator.devices.profile;

/**
 * What the user says a device draws, as Powercalc users set it: {@code onW} while it is on (in any of its
 * on-states), {@code standbyW} while it is off. Taken as exact: where it is set, it values the device's energy
 * instead of what its profiles say.
 */
public record ConfiguredPower(double onW, double standbyW) {
}
