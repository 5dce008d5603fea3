package io.energycorrelator.devices;

import io.energycorrelator.devices.profile.ConfiguredPower;

import java.util.OptionalDouble;

/**
 * A device's configured on-power beside the one learned from its steps, and whether they disagree: by more than
 * {@value #MARGIN_SHARE} of the configured figure and more than {@value #MARGIN_W} W (the margin a step read from the
 * meter is held to). Unknown (null) where either is missing.
 */
public record PowerComparison(Double configuredPowerW, Double configuredStandbyW, Double learnedPowerW, Boolean disagrees) {

    static final double MARGIN_SHARE = 0.25;
    static final double MARGIN_W = 10;

    static PowerComparison of(ConfiguredPower configured, OptionalDouble learned) {
        Double learnedW = learned.isPresent() ? learned.getAsDouble() : null;
        if (configured == null) {
            return new PowerComparison(null, null, learnedW, null);
        }
        Boolean disagrees = learnedW == null ? null
                : Math.abs(learnedW - configured.onW()) > Math.max(MARGIN_SHARE * configured.onW(), MARGIN_W);
        return new PowerComparison(configured.onW(), configured.standbyW(), learnedW, disagrees);
    }
}
