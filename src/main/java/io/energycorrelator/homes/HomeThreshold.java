package io.energycorrelator.homes;

import io.energycorrelator.config.CycleSettings;
import org.apache.camel.ExchangeProperty;

/**
 * The power step a correlation must reach (correlator.min-power-delta-w), which a home of the homes file may set for
 * itself: the bean {@code homeThreshold} that routes/correlate.camel.yaml asks once a range.
 */
public final class HomeThreshold {

    private final Homes homes;

    public HomeThreshold(Homes homes) {
        this.homes = homes;
    }

    public double minPowerDeltaW(@ExchangeProperty(Homes.PROPERTY) String home) {
        return homes.of(home).bean(CycleSettings.class).minPowerDeltaW();
    }
}
