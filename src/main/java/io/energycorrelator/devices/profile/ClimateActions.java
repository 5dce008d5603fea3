package io.energycorrelator.devices.profile;

import java.time.Instant;
import java.util.List;

/**
 * A climate entity's {@code hvac_action} over a range, where the layout stores it (Home Assistant's integration
 * writes the attribute as the field {@code hvac_action_str}): the action at the range's start (null when none is
 * stored) and each action record in the range, in time order.
 */
public record ClimateActions(String atStart, List<Action> changes) {

    /** No action stored: the mode decides, less surely. */
    public static final ClimateActions NONE = new ClimateActions(null, List.of());

    /** One stored action. */
    public record Action(Instant time, String action) {
    }
}
