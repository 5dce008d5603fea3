package io.energycorrelator.homes;

import io.energycorrelator.config.InfluxSettings;
import org.apache.camel.ExchangeProperty;

/**
 * Where a write goes (routes/correlate.camel.yaml, write-points): the home's InfluxDB client (its registry name),
 * organization and bucket. One endpoint per home, so that a home whose bucket is missing fails its own writes only.
 */
public final class HomeInflux {

    /** The default home's client; a home of the homes file has {@code influxClient.<home id>}. */
    public static final String DEFAULT_CLIENT = "influxClient";

    private final Homes homes;

    public HomeInflux(Homes homes) {
        this.homes = homes;
    }

    public String client(@ExchangeProperty(Homes.PROPERTY) String home) {
        return DEFAULT_CLIENT + HomeRoutes.suffix(homes.of(home).id());
    }

    public String org(@ExchangeProperty(Homes.PROPERTY) String home) {
        return homes.of(home).bean(InfluxSettings.class).org();
    }

    public String bucket(@ExchangeProperty(Homes.PROPERTY) String home) {
        return homes.of(home).bean(InfluxSettings.class).bucket();
    }
}
