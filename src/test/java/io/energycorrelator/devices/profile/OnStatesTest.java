package io.energycorrelator.devices.profile;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static io.energycorrelator.devices.profile.OnStates.Verdict.OFF;
import static io.energycorrelator.devices.profile.OnStates.Verdict.ON;
import static io.energycorrelator.devices.profile.OnStates.Verdict.ON_BY_MODE;
import static io.energycorrelator.devices.profile.OnStates.Verdict.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnStatesTest {

    private static final OnStates STATES = OnStates.DEFAULTS;

    @Test
    void unavailableAndUnknownAreNeitherOnNorOffInEveryDomain() {
        for (String domain : new String[] {"switch", "light", "fan", "cover", "climate"}) {
            assertThat(STATES.verdict(domain, "unavailable", null)).as(domain).isEqualTo(UNKNOWN);
            assertThat(STATES.verdict(domain, " Unknown ", null)).as(domain).isEqualTo(UNKNOWN);
            assertThat(STATES.verdict(domain, "off", null)).as(domain).isEqualTo(OFF);
        }
        assertThat(STATES.verdict("switch", " ON ", null)).isEqualTo(ON);
        // A stale action does not outlive an unavailable state.
        assertThat(STATES.verdict("climate", "unavailable", "heating")).isEqualTo(UNKNOWN);
    }

    @Test
    void aCoverIsOnOnlyWhileItsMotorRuns() {
        assertThat(STATES.verdict("cover", "opening", null)).isEqualTo(ON);
        assertThat(STATES.verdict("cover", "closing", null)).isEqualTo(ON);
        assertThat(STATES.verdict("cover", "open", null)).isEqualTo(OFF);
        assertThat(STATES.verdict("cover", "closed", null)).isEqualTo(OFF);
    }

    @Test
    void climateFollowsItsActionWhereStoredElseItsModeLessSurely() {
        assertThat(STATES.verdict("climate", "heat", "heating")).isEqualTo(ON);
        assertThat(STATES.verdict("climate", "heat", "idle")).isEqualTo(OFF);
        assertThat(STATES.verdict("climate", "cool", "cooling")).isEqualTo(ON);
        assertThat(STATES.verdict("climate", "dry", "drying")).isEqualTo(ON);
        assertThat(STATES.verdict("climate", "fan_only", "fan")).isEqualTo(ON);
        assertThat(STATES.verdict("climate", "heat", "defrosting")).isEqualTo(ON);
        assertThat(STATES.verdict("climate", "heat", "unavailable")).isEqualTo(UNKNOWN);
        assertThat(STATES.verdict("climate", "heat", null)).isEqualTo(ON_BY_MODE);
        assertThat(STATES.verdict("climate", "off", null)).isEqualTo(OFF);
    }

    @Test
    void theOnStatesAreWhatTheSettingsSayAndADomainWithoutThemIsNotValued() {
        OnStates states = new OnStates(Map.of("switch", Set.of("on"), "vacuum", Set.of("Cleaning", "returning")), Set.of("heating"));

        assertThat(states.supports("vacuum")).isTrue();
        assertThat(states.verdict("vacuum", "cleaning", null)).isEqualTo(ON);
        assertThat(states.verdict("vacuum", "docked", null)).isEqualTo(OFF);
        assertThat(states.supports("light")).isFalse();
        assertThat(states.supports(null)).isFalse();
        assertThatThrownBy(() -> states.isOn("light", "on")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("light");
    }
}
