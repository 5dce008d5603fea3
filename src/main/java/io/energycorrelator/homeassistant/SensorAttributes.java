package io.energycorrelator.homeassistant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The attributes both sensors of a device show in Home Assistant (published as JSON on its attributes topic, which
 * their discovery configs name as {@code json_attributes_topic}): how far their figures can be trusted.
 * <ul>
 * <li>{@code estimate_source}: {@code profile} (what the service learned) or {@code configured} (the user's figure);</li>
 * <li>{@code power_delta_uncertainty_w}: the uncertainty in watts of the device's typical step (what it draws while
 *     on), as a correlation of that size carries it at best (a flat meter, nothing else switching near it);</li>
 * <li>{@code energy_today_wh_low}, {@code energy_today_wh_high}: the range today's true energy lay in four times in
 *     five on real houses, and {@code confidence}: the probability that the energy sensor is within 25 % of it
 *     (absent while today's energy cannot be told);</li>
 * <li>{@code configured_power_w}, {@code configured_standby_w}: the configured power, where one is set.</li>
 * </ul>
 * Watts and watt-hours to a tenth, as the states.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SensorAttributes(String estimateSource, Double powerDeltaUncertaintyW, Double energyTodayWhLow,
        Double energyTodayWhHigh, Double confidence, Double configuredPowerW, Double configuredStandbyW) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SensorAttributes {
        powerDeltaUncertaintyW = tenth(powerDeltaUncertaintyW);
        energyTodayWhLow = tenth(energyTodayWhLow);
        energyTodayWhHigh = tenth(energyTodayWhHigh);
    }

    /** The JSON object Home Assistant reads: only the attributes known. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write sensor attributes " + this, e);
        }
    }

    private static Double tenth(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}
