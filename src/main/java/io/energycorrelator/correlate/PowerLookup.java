package io.energycorrelator.correlate;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** The resource behind the two content enrichers: the power before or after one state change. */
public class PowerLookup {

    public Double before(@Body StateChange change, @ExchangeProperty("meterWindow") MeterWindow window) {
        return window.powerBefore(change.time());
    }

    public Double after(@Body StateChange change, @ExchangeProperty("meterWindow") MeterWindow window) {
        return window.powerAfter(change.time());
    }
}
